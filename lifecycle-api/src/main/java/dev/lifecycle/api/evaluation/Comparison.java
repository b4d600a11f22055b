package dev.lifecycle.api.evaluation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Champion against challenger on the same rows: per-metric deltas (challenger minus champion) with
 * paired-bootstrap confidence intervals, and McNemar's test on which rows each got right.
 *
 * @param champion the id of the champion model
 * @param challenger the id of the challenger model
 * @param dataset the dataset version both were evaluated on
 * @param rows the number of rows
 * @param deltas one entry per metric both evaluations have
 * @param mcNemar McNemar's test, for classifiers
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record Comparison(String champion, String challenger, String dataset, long rows, List<MetricDelta> deltas,
        Optional<McNemar> mcNemar) {

    /** Copies the deltas. */
    public Comparison {
        Objects.requireNonNull(champion, "champion");
        Objects.requireNonNull(challenger, "challenger");
        Objects.requireNonNull(dataset, "dataset");
        deltas = List.copyOf(deltas);
        mcNemar = mcNemar == null ? Optional.empty() : mcNemar;
    }

    /** @return the delta of one metric, if compared */
    public Optional<MetricDelta> delta(String metric) {
        return deltas.stream().filter(d -> d.metric().equals(metric)).findFirst();
    }

    /**
     * One metric of both models.
     *
     * @param metric the metric name
     * @param champion the champion's value
     * @param challenger the challenger's value
     * @param delta challenger minus champion
     * @param lower lower bound of the paired-bootstrap interval of the delta
     * @param upper upper bound of the paired-bootstrap interval of the delta
     * @param higherIsBetter whether a larger value of this metric is better
     * @param probabilityBetter share of bootstrap replicates in which the challenger was strictly better
     */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public record MetricDelta(String metric, double champion, double challenger, double delta, double lower,
            double upper, boolean higherIsBetter, double probabilityBetter) {
        /** Checks that the components are present. */
        public MetricDelta {
            Objects.requireNonNull(metric, "metric");
        }
    }

    /**
     * McNemar's test of whether the two classifiers err on different rows at different rates.
     *
     * @param championOnlyCorrect rows the champion got right and the challenger wrong
     * @param challengerOnlyCorrect rows the challenger got right and the champion wrong
     * @param statistic the chi-square statistic with continuity correction (NaN for the exact test)
     * @param pValue the two-sided p-value
     * @param exact whether the exact binomial test was used (fewer than 25 discordant rows)
     */
    @API(status = API.Status.STABLE, since = "0.1.0")
    public record McNemar(long championOnlyCorrect, long challengerOnlyCorrect, double statistic, double pValue,
            boolean exact) {
    }
}
