package dev.lifecycle.core.model;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * An {@link EnsembleModel} served with member weights that follow the labels between retrains, as stream
 * ensembles (accuracy-weighted ensembles, Dynamic Weighted Majority) re-weight at every label: each
 * {@link #observe} scores every member on the labelled row and updates its fading accuracy; the vote uses the
 * weights of {@link Reweighting}. The members' models never change (they stay the stored ones); only their
 * votes do. {@link #admit} makes the ensemble that serves a newer stored ensemble, keeping the best current
 * members next to the new ones (bounded by {@link Reweighting#retained()}). With
 * {@link Reweighting#otherHalfLives()} it keeps the records under each half-life and votes with the half-life
 * whose vote has been right most often so far ({@link #servingHalfLife()}).
 *
 * <p>Thread-safe: predictions read an immutable snapshot of the weights and never wait; labels are applied
 * one at a time, in the order {@code observe} is called, so a replay gives the same weights. Its state is a
 * few numbers per member (at most {@link EnsembleModel#MAX_MEMBERS}); it is not stored: a new instance starts
 * again from the stored weights.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class AdaptiveEnsemble implements Model {
    private final EnsembleModel stored;
    private final Reweighting config;
    private final Map<String, Integer> index = new HashMap<>();
    private final double chance;
    /** Per half-life (the configured one first), the fading factor of one label. */
    private final double[] fade;
    /** The fading factor of the half-lives' vote scores: the longest half-life's. */
    private final double scoreFade;
    private final Object lock = new Object();
    /* guarded by lock */
    private final Tracked[] tracked;
    /* guarded by lock: per half-life, the fading count of its vote's right answers, and of labels */
    private final double[] voteRight;
    private final double[] voteSeen;
    private int serving;
    private long labels;
    private volatile Votes votes;

    private AdaptiveEnsemble(EnsembleModel stored, Reweighting config, Tracked[] tracked, double[] voteRight,
            double[] voteSeen, int serving) {
        this.stored = stored;
        this.config = config;
        List<String> l = stored.signature().labels();
        for (int i = 0; i < l.size(); i++) {
            index.put(l.get(i), i);
        }
        this.chance = 1.0 / Math.max(2, l.size());
        List<Integer> halfLives = config.halfLives();
        this.fade = new double[halfLives.size()];
        int longest = 0;
        for (int h = 0; h < fade.length; h++) {
            fade[h] = Math.pow(0.5, 1.0 / halfLives.get(h));
            longest = Math.max(longest, halfLives.get(h));
        }
        this.scoreFade = Math.pow(0.5, 1.0 / longest);
        this.tracked = tracked;
        this.voteRight = voteRight;
        this.voteSeen = voteSeen;
        this.serving = serving;
        this.votes = votes();
    }

    /**
     * @param ensemble the stored ensemble; its members start from the accuracy their weights stand for
     * @param config how the weights follow the labels
     * @return the ensemble, voting as stored until the first label
     */
    public static AdaptiveEnsemble of(EnsembleModel ensemble, Reweighting config) {
        Objects.requireNonNull(ensemble, "ensemble");
        Objects.requireNonNull(config, "config");
        int h = config.halfLives().size();
        return new AdaptiveEnsemble(ensemble, config, fresh(ensemble, config), new double[h], new double[h], 0);
    }

    private static Tracked[] fresh(EnsembleModel e, Reweighting config) {
        List<EnsembleModel.Member> members = e.members();
        double chance = 1.0 / Math.max(2, e.signature().labels().size());
        double inv = 1.0 / config.power();
        double max = 0;
        for (EnsembleModel.Member m : members) {
            max = Math.max(max, chance + Math.pow(m.weight(), inv));
        }
        // weights standing for an accuracy above 1 (not made by this weighting) are scaled so the largest is 1
        double scale = max > 1 ? Math.pow(1 - chance, config.power()) / maxWeight(members) : 1;
        Tracked[] out = new Tracked[members.size()];
        for (int i = 0; i < out.length; i++) {
            EnsembleModel.Member m = members.get(i);
            double prior = Math.min(1, chance + Math.pow(m.weight() * scale, inv));
            out[i] = new Tracked(m, config.halfLives().size(), prior * config.priorLabels(), config.priorLabels());
        }
        return out;
    }

    private static double maxWeight(List<EnsembleModel.Member> members) {
        double max = 0;
        for (EnsembleModel.Member m : members) {
            max = Math.max(max, m.weight());
        }
        return max;
    }

    /**
     * The ensemble serving {@code newer} in place of this one: newer's members start from their stored weights,
     * and up to {@link Reweighting#retained()} of this one's members (the largest weights now; only those whose
     * labels and inputs newer's signature has) stay on with their record so far. The half-lives' scores, and
     * the half-life served, carry over.
     */
    public AdaptiveEnsemble admit(EnsembleModel newer) {
        Objects.requireNonNull(newer, "newer");
        Tracked[] fresh = fresh(newer, config);
        int room = Math.min(config.retained(), EnsembleModel.MAX_MEMBERS - fresh.length);
        List<Tracked> old = new ArrayList<>();
        double[] right;
        double[] seen;
        int at;
        synchronized (lock) {
            right = voteRight.clone();
            seen = voteSeen.clone();
            at = serving;
            for (Tracked t : room > 0 ? tracked : new Tracked[0]) {
                Signature s = t.member.model().signature();
                if (newer.signature().labels().containsAll(s.labels())
                        && newer.signature().inputs().containsAll(s.inputs())) {
                    old.add(t.copy());
                }
            }
        }
        // largest weight (under the half-life serving) first; the earlier member first among equals (a stable sort)
        old.sort(Comparator.comparingDouble((Tracked t) -> -weight(t.accuracy(at))));
        List<Tracked> kept = old.subList(0, Math.min(Math.max(room, 0), old.size()));
        Tracked[] all = Arrays.copyOf(fresh, fresh.length + kept.size());
        for (int i = 0; i < kept.size(); i++) {
            all[fresh.length + i] = kept.get(i);
        }
        return new AdaptiveEnsemble(newer, config, all, right, seen, at);
    }

    /**
     * Scores every member on a labelled row and moves the weights (a label the ensemble does not know counts
     * as every member's miss).
     *
     * @param row the inputs, as predicted
     * @param label the true label
     */
    public void observe(Row row, String label) {
        Objects.requireNonNull(row, "row");
        Objects.requireNonNull(label, "label");
        synchronized (lock) {
            int n = tracked.length;
            boolean[] right = new boolean[n];
            int[] said = new int[n];
            for (int i = 0; i < n; i++) {
                String l = tracked[i].member.model().predict(row).label();
                right[i] = label.equals(l);
                Integer at = index.get(l);
                said[i] = at == null ? -1 : at;
            }
            if (fade.length > 1) {
                Integer truth = index.get(label);
                for (int h = 0; h < fade.length; h++) {
                    boolean ok = truth != null && vote(h, said) == truth;
                    voteRight[h] = voteRight[h] * scoreFade + (ok ? 1 : 0);
                    voteSeen[h] = voteSeen[h] * scoreFade + 1;
                }
            }
            for (int i = 0; i < n; i++) {
                Tracked t = tracked[i];
                for (int h = 0; h < fade.length; h++) {
                    t.correct[h] = t.correct[h] * fade[h] + (right[i] ? 1 : 0);
                    t.seen[h] = t.seen[h] * fade[h] + 1;
                }
            }
            int best = 0;
            for (int h = 1; h < fade.length; h++) {
                if (voteRight[h] > voteRight[best]) {
                    best = h; // the same count of labels for all: the largest fading count of right votes
                }
            }
            if (voteRight[best] > voteRight[serving]) {
                serving = best; // only a lead moves the vote: ties keep the half-life serving
            }
            labels++;
            votes = votes();
        }
    }

    /** The label slot half-life {@code h}'s weights vote for, members having said {@code said}; lock held. */
    private int vote(int h, int[] said) {
        double[] tally = new double[index.size()];
        double total = 0;
        for (int i = 0; i < said.length; i++) {
            if (said[i] >= 0) {
                double w = weight(tracked[i].accuracy(h));
                tally[said[i]] += w;
                total += w;
            }
        }
        if (!(total > 0)) {
            for (int s : said) {
                if (s >= 0) {
                    tally[s] += 1;
                }
            }
        }
        int best = 0;
        for (int i = 1; i < tally.length; i++) {
            if (tally[i] > tally[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Called holding the lock (or from the constructor). */
    private Votes votes() {
        Model[] models = new Model[tracked.length];
        double[] w = new double[tracked.length];
        double total = 0;
        for (int i = 0; i < tracked.length; i++) {
            models[i] = tracked[i].member.model();
            w[i] = weight(tracked[i].accuracy(serving));
            total += w[i];
        }
        if (!(total > 0)) {
            Arrays.fill(w, 1.0); // every member at chance: an even vote rather than none
            total = w.length;
        }
        return new Votes(models, w, total);
    }

    private double weight(double accuracy) {
        return Math.pow(Math.max(0, accuracy - chance), config.power());
    }

    /** @return the half-life whose weights vote now ({@link Reweighting#halfLife()} until another is ahead) */
    public int servingHalfLife() {
        synchronized (lock) {
            return config.halfLives().get(serving);
        }
    }

    /** @return labels observed so far */
    public long labels() {
        synchronized (lock) {
            return labels;
        }
    }

    /** @return the stored ensemble this one serves (its newest members) */
    public EnsembleModel stored() {
        return stored;
    }

    /** @return the members with their weights now, newer ensemble's first, then retained ones */
    public List<EnsembleModel.Member> members() {
        Votes v = votes;
        List<EnsembleModel.Member> out = new ArrayList<>(v.models.length);
        synchronized (lock) {
            for (int i = 0; i < tracked.length; i++) {
                out.add(new EnsembleModel.Member(v.models[i], v.weights[i], tracked[i].member.description()));
            }
        }
        return out;
    }

    @Override
    public Signature signature() {
        return stored.signature();
    }

    /** @return false: the scores are shares of the weighted vote */
    @Override
    public boolean producesProbabilities() {
        return false;
    }

    @Override
    public Prediction predict(Row row) {
        Votes v = votes;
        double[] tally = new double[index.size()];
        for (int i = 0; i < v.models.length; i++) {
            tally[slot(v.models[i].predict(row).label())] += v.weights[i];
        }
        return decide(tally, v.total);
    }

    @Override
    public List<Prediction> predictAll(List<Row> rows) {
        Votes v = votes;
        double[][] tally = new double[rows.size()][index.size()];
        for (int i = 0; i < v.models.length; i++) {
            List<Prediction> p = v.models[i].predictAll(rows);
            for (int r = 0; r < tally.length; r++) {
                tally[r][slot(p.get(r).label())] += v.weights[i];
            }
        }
        List<Prediction> out = new ArrayList<>(rows.size());
        for (double[] t : tally) {
            out.add(decide(t, v.total));
        }
        return out;
    }

    private int slot(String label) {
        Integer at = index.get(label);
        if (at == null) {
            throw new IllegalStateException("A member predicted '" + label + "', which is not one of the ensemble's"
                    + " labels " + stored.signature().labels());
        }
        return at;
    }

    private Prediction decide(double[] tally, double total) {
        int best = 0;
        for (int i = 1; i < tally.length; i++) {
            if (tally[i] > tally[best]) {
                best = i;
            }
        }
        for (int i = 0; i < tally.length; i++) {
            tally[i] /= total;
        }
        List<String> labels = stored.signature().labels();
        return Prediction.ofLabel(labels.get(best), labels, tally);
    }

    @Override
    public String toString() {
        return "AdaptiveEnsemble[" + votes.models.length + " members, half-life " + config.halfLife() + " labels]";
    }

    /** A member and its fading record. */
    private static final class Tracked {
        final EnsembleModel.Member member;
        /** Per half-life. */
        final double[] correct;
        final double[] seen;

        Tracked(EnsembleModel.Member member, int halfLives, double correct, double seen) {
            this.member = member;
            this.correct = new double[halfLives];
            this.seen = new double[halfLives];
            Arrays.fill(this.correct, correct);
            Arrays.fill(this.seen, seen);
        }

        private Tracked(EnsembleModel.Member member, double[] correct, double[] seen) {
            this.member = member;
            this.correct = correct;
            this.seen = seen;
        }

        double accuracy(int halfLife) {
            return seen[halfLife] > 0 ? correct[halfLife] / seen[halfLife] : 0;
        }

        Tracked copy() {
            return new Tracked(member, correct.clone(), seen.clone());
        }
    }

    /** What predictions read: the members and their weights, never changed once published. */
    private record Votes(Model[] models, double[] weights, double total) {
    }
}
