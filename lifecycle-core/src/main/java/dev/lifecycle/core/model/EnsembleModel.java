package dev.lifecycle.core.model;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.OutputType;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Signature;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A classifier that lets weighted members vote: each member predicts a label, the label with the largest
 * weight total wins (ties go to the label listed first in the signature), and {@link Prediction#scores()}
 * are each label's share of the total weight. Immutable and thread-safe when its members are; stored by
 * {@link EnsembleFormat}. {@link WindowEnsemble} trains one.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class EnsembleModel implements Model {
    /** At most this many members, so that stored bytes cannot ask for unbounded work. */
    public static final int MAX_MEMBERS = 1024;

    /**
     * One voter.
     *
     * @param model the member; its labels must be among the ensemble's
     * @param weight its vote, finite and at least 0
     * @param description where it came from (e.g. its training window), for people
     */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public record Member(Model model, double weight, String description) {
        /** Checks the arguments. */
        public Member {
            Objects.requireNonNull(model, "model");
            description = description == null ? "" : description;
            if (!(weight >= 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("A member's weight must be a finite number >= 0, got " + weight
                        + " for " + (description.isEmpty() ? model : description));
            }
        }
    }

    private final Signature signature;
    private final List<Member> members;
    private final Map<String, Integer> index;
    private final double total;

    private EnsembleModel(Signature signature, List<Member> members) {
        this.signature = signature;
        this.members = members;
        this.index = new HashMap<>();
        for (int i = 0; i < signature.labels().size(); i++) {
            index.put(signature.labels().get(i), i);
        }
        double sum = 0;
        for (Member m : members) {
            sum += m.weight();
        }
        this.total = sum;
    }

    /**
     * @param signature the ensemble's inputs and labels (a classification signature)
     * @param members at least one, at most {@link #MAX_MEMBERS}, with a positive weight total
     * @throws IllegalArgumentException naming what is wrong: no member, a regression signature, a member
     *     predicting a label the signature lacks or needing an input it lacks, or weights summing to 0
     */
    public static EnsembleModel of(Signature signature, List<Member> members) {
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(members, "members");
        if (signature.outputType() != OutputType.CLASSIFICATION || signature.labels().isEmpty()) {
            throw new IllegalArgumentException("An ensemble votes on labels: give a classification signature with"
                    + " labels, got " + signature.outputType() + " " + signature.labels());
        }
        if (members.isEmpty() || members.size() > MAX_MEMBERS) {
            throw new IllegalArgumentException("An ensemble needs 1 to " + MAX_MEMBERS + " members, got "
                    + members.size());
        }
        double sum = 0;
        for (Member m : List.copyOf(members)) {
            Signature s = m.model().signature();
            if (s.outputType() != OutputType.CLASSIFICATION || !signature.labels().containsAll(s.labels())) {
                throw new IllegalArgumentException("Member " + m.description() + " predicts " + s.outputType() + " "
                        + s.labels() + "; every member must predict labels among the ensemble's " + signature.labels());
            }
            if (!signature.inputs().containsAll(s.inputs())) {
                throw new IllegalArgumentException("Member " + m.description() + " needs inputs " + s.inputs()
                        + " that the ensemble's signature does not all supply (" + signature.inputs() + ")");
            }
            sum += m.weight();
        }
        if (!(sum > 0) || Double.isInfinite(sum)) {
            throw new IllegalArgumentException("The members' weights sum to " + sum + "; give at least one a positive"
                    + " weight");
        }
        return new EnsembleModel(signature, List.copyOf(members));
    }

    /** @return the members, in voting order */
    public List<Member> members() {
        return members;
    }

    @Override
    public Signature signature() {
        return signature;
    }

    /** @return false: the scores are shares of the weighted vote, not calibrated probabilities */
    @Override
    public boolean producesProbabilities() {
        return false;
    }

    @Override
    public Prediction predict(Row row) {
        double[] tally = new double[signature.labels().size()];
        for (Member m : members) {
            vote(tally, m, m.model().predict(row));
        }
        return decide(tally);
    }

    @Override
    public List<Prediction> predictAll(List<Row> rows) {
        double[][] tally = new double[rows.size()][signature.labels().size()];
        for (Member m : members) {
            List<Prediction> p = m.model().predictAll(rows);
            for (int i = 0; i < tally.length; i++) {
                vote(tally[i], m, p.get(i));
            }
        }
        List<Prediction> out = new ArrayList<>(rows.size());
        for (double[] t : tally) {
            out.add(decide(t));
        }
        return out;
    }

    private void vote(double[] tally, Member m, Prediction p) {
        Integer at = index.get(p.label());
        if (at == null) {
            throw new IllegalStateException("Member " + m.description() + " predicted '" + p.label()
                    + "', which is not one of the ensemble's labels " + signature.labels());
        }
        tally[at] += m.weight();
    }

    private Prediction decide(double[] tally) {
        int best = 0;
        for (int i = 1; i < tally.length; i++) {
            if (tally[i] > tally[best]) {
                best = i;
            }
        }
        for (int i = 0; i < tally.length; i++) {
            tally[i] /= total;
        }
        return Prediction.ofLabel(signature.labels().get(best), signature.labels(), tally);
    }

    @Override
    public String toString() {
        return "EnsembleModel[" + members.size() + " members, " + signature.labels() + "]";
    }
}
