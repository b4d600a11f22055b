package dev.lifecycle.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.apiguardian.api.API;

/**
 * A {@link Clock} that only moves when a test moves it. Thread-safe. Give it to
 * {@code Lifecycle.builder().clock(...)} to make recorded times predictable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class TestClock extends Clock {
    /** Where new test clocks start: 2026-01-01T00:00:00Z. */
    public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private TestClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** @return a clock at {@link #EPOCH}, in UTC */
    public static TestClock start() {
        return at(EPOCH);
    }

    /** @return a clock at the given instant, in UTC */
    public static TestClock at(Instant instant) {
        return new TestClock(new AtomicReference<>(Objects.requireNonNull(instant, "instant")), ZoneOffset.UTC);
    }

    /** Moves the clock forward (or back, with a negative duration). @return the new time */
    public Instant advance(Duration by) {
        Objects.requireNonNull(by, "by");
        return now.updateAndGet(t -> t.plus(by));
    }

    /** Sets the time. */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** @return a view in another zone that shares this clock's time */
    @Override
    public Clock withZone(ZoneId z) {
        return new TestClock(now, z);
    }

    @Override
    public String toString() {
        return "TestClock[" + instant() + "]";
    }
}
