package dev.lifecycle.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A counted-and-swallowed failure is logged once, however often and from however many threads it happens. */
@Tag("fast")
class LogOnceTest {

    @Test
    void manyFailuresFromManyThreadsGiveOneLine() throws InterruptedException {
        Logger jul = Logger.getLogger(LogOnceTest.class.getName());
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public synchronized void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(capture);
        jul.setUseParentHandlers(false);
        try {
            LogOnce once = new LogOnce(LogOnceTest.class, System.Logger.Level.WARNING, "A listener of x failed");
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread th = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < 1000; i++) {
                        once.failed(new IllegalStateException("boom " + i));
                    }
                });
                th.start();
                threads.add(th);
            }
            start.countDown();
            for (Thread th : threads) {
                th.join();
            }
            assertThat(once.logged()).isTrue();
            synchronized (capture) {
                assertThat(records).hasSize(1);
                assertThat(records.get(0).getMessage()).isEqualTo("A listener of x failed");
                assertThat(records.get(0).getThrown()).hasMessageStartingWith("boom");
            }
        } finally {
            jul.removeHandler(capture);
            jul.setUseParentHandlers(true);
        }
    }
}
