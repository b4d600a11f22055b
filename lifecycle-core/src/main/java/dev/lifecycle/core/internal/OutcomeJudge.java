package dev.lifecycle.core.internal;

/**
 * The one seam through which a challenger is judged against a champion on labelled outcomes: rollout
 * step gates (split traffic: each version scored its own rows) and loop promotion (paired: both versions
 * scored the same held-out rows). The built-in judges compare accuracies against a margin; a statistical
 * judge plugs in here without touching the deployment or the loop.
 */
public interface OutcomeJudge {

    /**
     * Judges split traffic.
     *
     * @param control labels and correct predictions of the serving version in the current step
     * @param candidate the same for the challenger
     * @return the verdict; {@link Decision#WAIT} while the evidence is short
     */
    Verdict split(Outcomes control, Outcomes candidate);

    /**
     * Judges paired outcomes: {@code champion[i]} and {@code challenger[i]} say whether each version got
     * held-out row {@code i} right.
     */
    Verdict paired(boolean[] champion, boolean[] challenger);

    /** What a judge decided. */
    enum Decision {
        /** Not enough evidence yet. */
        WAIT,
        /** The challenger may go ahead (advance a step, be promoted). */
        PASS,
        /** The challenger must go (roll back, reject). */
        FAIL
    }

    /**
     * Labelled outcomes of one version.
     *
     * @param labelled predictions joined to a label
     * @param correct of those, the right ones
     */
    record Outcomes(long labelled, long correct) {
        /** @return the accuracy, NaN without labels */
        public double accuracy() {
            return labelled == 0 ? Double.NaN : (double) correct / labelled;
        }
    }

    /**
     * @param decision what to do
     * @param reason the evidence, for the journal (test, n, effect and p-value where there is one)
     */
    record Verdict(Decision decision, String reason) {
    }

    /**
     * The margin judge: split traffic passes once both versions have {@code minLabels} labels and the
     * candidate's accuracy is at least the control's minus {@code maxDrop} and at least {@code floor};
     * paired outcomes pass when the challenger's accuracy beats the champion's by {@code minImprovement}.
     */
    static OutcomeJudge margins(int minLabels, double maxDrop, double floor, double minImprovement) {
        return new OutcomeJudge() {
            @Override
            public Verdict split(Outcomes control, Outcomes candidate) {
                if (control.labelled() < minLabels || candidate.labelled() < minLabels) {
                    return new Verdict(Decision.WAIT, "waiting for " + minLabels + " labels per arm");
                }
                double c = control.accuracy();
                double k = candidate.accuracy();
                boolean fail = k < c - maxDrop || k < floor;
                return new Verdict(fail ? Decision.FAIL : Decision.PASS, String.format(java.util.Locale.ROOT,
                        "accuracy margin: allowed drop %.4f, floor %.4f, difference %+.4f", maxDrop, floor, k - c));
            }

            @Override
            public Verdict paired(boolean[] champion, boolean[] challenger) {
                double c = share(champion);
                double k = share(challenger);
                boolean pass = k >= c + minImprovement;
                return new Verdict(pass ? Decision.PASS : Decision.FAIL, String.format(java.util.Locale.ROOT,
                        "accuracy margin: challenger %.4f vs champion %.4f on %d paired rows; needs %+.4f", k, c,
                        champion.length, minImprovement));
            }
        };
    }

    private static double share(boolean[] ok) {
        int n = 0;
        for (boolean b : ok) {
            n += b ? 1 : 0;
        }
        return ok.length == 0 ? Double.NaN : (double) n / ok.length;
    }
}
