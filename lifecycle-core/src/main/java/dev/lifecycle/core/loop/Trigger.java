package dev.lifecycle.core.loop;

import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * When a {@link Loop} retrains. Triggers are immutable and judged after every label; combine them
 * with {@link #or}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public abstract class Trigger {

    Trigger() {
    }

    /** @return the reason to retrain now, or {@code null} to wait */
    abstract String fire(LoopState state);

    /** @return a trigger that fires when this one or {@code other} does (this one's reason first) */
    public Trigger or(Trigger other) {
        Objects.requireNonNull(other, "other");
        Trigger self = this;
        return new Trigger() {
            @Override
            String fire(LoopState s) {
                String a = self.fire(s);
                return a != null ? a : other.fire(s);
            }

            @Override
            public String toString() {
                return self + " or " + other;
            }
        };
    }

    /** @return fires when a monitoring window evaluated since the last retrain shows drift in any input */
    public static Trigger drift() {
        return new Trigger() {
            @Override
            String fire(LoopState s) {
                return s.driftedSinceRetrain().isEmpty() ? null : "drift in " + s.driftedSinceRetrain();
            }

            @Override
            public String toString() {
                return "drift";
            }
        };
    }

    /**
     * @param accuracy the floor
     * @param labels how many of the latest labels the accuracy is measured on (and the least number of
     *     labels since the last retrain before it may fire again)
     * @return fires when live accuracy over the latest {@code labels} labels falls below {@code accuracy}
     */
    public static Trigger accuracyBelow(double accuracy, int labels) {
        if (!(accuracy > 0 && accuracy <= 1) || labels < 1) {
            throw new IllegalArgumentException("Give an accuracy in (0, 1] and at least one label, got " + accuracy
                    + ", " + labels);
        }
        return new Trigger() {
            @Override
            String fire(LoopState s) {
                if (s.labelsSinceRetrain() < labels) {
                    return null;
                }
                double a = s.recentAccuracy(labels);
                return a < accuracy ? String.format(Locale.ROOT, "accuracy %.4f below %.4f over the last %d labels",
                        a, accuracy, labels) : null;
            }

            @Override
            public String toString() {
                return "accuracyBelow(" + accuracy + ", " + labels + ")";
            }
        };
    }

    /** @return fires every {@code n} labels since the last retrain */
    public static Trigger everyLabelled(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("everyLabelled needs n >= 1, got " + n);
        }
        return new Trigger() {
            @Override
            String fire(LoopState s) {
                return s.labelsSinceRetrain() >= n ? n + " labels since the last retrain" : null;
            }

            @Override
            public String toString() {
                return "everyLabelled(" + n + ")";
            }
        };
    }

    /** @return never fires by itself: retrain with {@link Loop#retrainNow(String)} */
    public static Trigger manual() {
        return new Trigger() {
            @Override
            String fire(LoopState s) {
                return null;
            }

            @Override
            public String toString() {
                return "manual";
            }
        };
    }
}
