package dev.lifecycle.core.model;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small generated datasets and a settable clock. */
final class Fixtures {
    private Fixtures() {
    }

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private volatile Instant now;

        ManualClock(Instant start) {
            now = start;
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Labels from a noisy linear rule over two numbers and a colour. */
    static DatasetVersion classification(Lifecycle lc, String name, int n, long seed) {
        Random r = new Random(seed);
        List<Row> rows = new ArrayList<>();
        String[] colours = {"red", "green", "blue"};
        for (int i = 0; i < n; i++) {
            double a = r.nextDouble() * 10;
            double b = r.nextDouble() * 10;
            String c = colours[r.nextInt(3)];
            boolean yes = a + b + (c.equals("red") ? 3 : 0) + r.nextGaussian() > 11;
            rows.add(Row.of("a", a, "b", b, "colour", c, "label", yes ? "yes" : "no"));
        }
        return lc.datasets().importFrom(name, RowSource.of("generated " + name, List.of("a", "b", "colour", "label"),
                rows), Csv.forTarget("label"));
    }

    /** y = 3a - 2b + noise. */
    static DatasetVersion regression(Lifecycle lc, String name, int n, long seed) {
        Random r = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double a = r.nextDouble() * 4;
            double b = r.nextDouble() * 4;
            rows.add(Row.of("a", a, "b", b, "y", 3 * a - 2 * b + 0.1 * r.nextGaussian()));
        }
        return lc.datasets().importFrom(name, RowSource.of("generated " + name, List.of("a", "b", "y"), rows),
                Csv.forTarget("y").type("y", dev.lifecycle.api.data.FieldType.NUMERIC));
    }
}
