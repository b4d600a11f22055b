package dev.lifecycle.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.Deployment;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.monitoring.DriftDetector;
import dev.lifecycle.api.monitoring.DriftResult;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.CategoricalProfile;
import dev.lifecycle.core.data.ColumnProfile;
import dev.lifecycle.core.data.DatasetProfile;
import dev.lifecycle.core.data.NumericProfile;
import dev.lifecycle.core.deployment.Rollout;
import dev.lifecycle.core.monitoring.DriftDetectors;
import dev.lifecycle.core.store.MemoryStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pooled production data of a fleet: unique ids, feedback joined across instances, drift on merged windows. */
class FleetDataTest {
    /** {@code ../shared/data/electricity.csv} beside the project root, searched upwards from the working directory. */
    private static final Path ELECTRICITY = shared("electricity.csv");
    private static final String[] FEATURES = {"nswprice", "nswdemand", "vicprice", "vicdemand", "transfer"};
    private static EmbeddedPostgres pg;

    @BeforeAll
    static void startDatabase() {
        pg = Pg.start();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void idsAreUniqueAcrossInstancesAndFeedbackGivenOnAnotherInstanceJoins() {
        String schema = Pg.freshSchema("pooled");
        Model m = Fixtures.tinyModel();
        try (PostgresStore storeA = Pg.store(pg.getPort(), schema, Clock.systemUTC()).build();
                PostgresStore storeB = Pg.store(pg.getPort(), schema, Clock.systemUTC()).build();
                Lifecycle a = Lifecycle.builder().store(storeA).actor("instance-a").build();
                Lifecycle b = Lifecycle.builder().store(storeB).actor("instance-b").build()) {
            ModelVersion v1 = a.models().register("churn", m, Fixtures.tinyTrainer(), "tiny@1");
            a.models().setAlias("churn", "champion", v1, "first");
            Deployment depA = a.deploy("churn", Rollout.alias("champion").warmUp(0).logPredictions());
            Deployment depB = b.deploy("churn", Rollout.alias("champion").warmUp(0).logPredictions());
            List<Prediction> onA = new ArrayList<>();
            List<Prediction> onB = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Row row = Row.of("a", i / 200.0, "b", 1 - i / 200.0);
                onA.add(depA.predict(row));
                onB.add(depB.predict(row));
            }
            Set<Long> idsA = new HashSet<>();
            onA.forEach(p -> idsA.add(p.id()));
            Set<Long> idsB = new HashSet<>();
            onB.forEach(p -> idsB.add(p.id()));
            assertThat(idsA).hasSize(200).doesNotContainAnyElementsOf(idsB);
            // labels for A's predictions arrive at B and the other way round
            for (Prediction p : onA) {
                depB.feedback(p.id(), p.label());
            }
            for (int i = 0; i < onB.size(); i++) {
                depA.feedback(onB.get(i).id(), i % 4 == 0 ? "no-such-label" : onB.get(i).label());
            }
            depA.flush();
            depB.flush();
            FleetLog.Joined joined = FleetLog.join(storeA, "churn");
            assertThat(joined.predictions()).isEqualTo(400);
            assertThat(joined.unknownLabels()).isZero();
            assertThat(joined.outcomes()).hasSize(400);
            assertThat(joined.outcomes()).filteredOn(o -> idsA.contains(o.prediction().id())).hasSize(200)
                    .allMatch(FleetLog.Outcome::correct);
            assertThat(joined.accuracy()).isCloseTo(350 / 400.0, within(1e-12));
            assertThat(FleetLog.join(storeB, "churn").outcomes()).hasSize(400);
        }
    }

    @Test
    void driftOnThreeInstancesMergedWindowsEqualsDriftOnAllRowsInOneProcess() throws IOException {
        Assumptions.assumeTrue(Files.exists(ELECTRICITY), "no " + ELECTRICITY + " (see /work/shared/data)");
        List<String[]> rows = Files.readAllLines(ELECTRICITY).stream().skip(1).map(l -> l.split(",")).toList();
        DatasetProfile reference = profile(rows.subList(0, 10_000));
        List<String[]> window = rows.subList(30_000, 42_000);
        String schema = Pg.freshSchema("drift");
        long windowNumber = 29_000_000L;
        try (PostgresStore store = Pg.store(pg.getPort(), schema, Clock.systemUTC()).build()) {
            List<FleetProfiles> instances = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                instances.add(FleetProfiles.of(store, "elec", "instance-" + i, reference));
            }
            FleetProfiles single = FleetProfiles.of(new MemoryStore(), "elec", "one", reference);
            for (int r = 0; r < window.size(); r++) {
                Row row = row(window.get(r));
                Prediction p = prediction(window.get(r));
                // a load balancer's uneven share: instance 0 gets half the rows
                instances.get(r % 4 == 0 || r % 4 == 1 ? 0 : r % 4 - 1).observe(row, p);
                single.observe(row, p);
            }
            for (FleetProfiles f : instances) {
                f.publish(windowNumber);
            }
            DatasetProfile all = single.snapshot();
            FleetDrift.Window merged = FleetDrift.merged(store, "elec", windowNumber);
            assertThat(merged.instances()).containsExactly("instance-0", "instance-1", "instance-2");
            DatasetProfile fleet = merged.profile();
            assertThat(fleet.rows()).isEqualTo(all.rows()).isEqualTo(window.size());
            for (String f : FEATURES) {
                NumericProfile x = fleet.numeric(f);
                NumericProfile y = all.numeric(f);
                assertThat(x.count()).as(f).isEqualTo(y.count());
                assertThat(x.missing()).as(f).isEqualTo(y.missing());
                assertThat(x.min()).as(f).isEqualTo(y.min());
                assertThat(x.max()).as(f).isEqualTo(y.max());
                assertThat(x.mean()).as(f).isCloseTo(y.mean(), within(1e-12));
                assertThat(x.variance()).as(f).isCloseTo(y.variance(), within(1e-12));
                for (double q = 0.05; q < 1; q += 0.05) {
                    // both are sketches of the same values: ranks agree within the stated error of each
                    assertThat(y.cdf(x.quantile(q))).as("%s q%.2f", f, q).isCloseTo(q,
                            within(x.rankError() + y.rankError()));
                }
            }
            assertThat(fleet.categorical("prediction").counts()).isEqualTo(all.categorical("prediction").counts());
            double maxKs = 0;
            double maxOther = 0;
            for (DriftDetector d : List.of(DriftDetectors.ks(), DriftDetectors.psi(), DriftDetectors.jensenShannon(),
                    DriftDetectors.wasserstein(), DriftDetectors.chiSquare(), DriftDetectors.auto())) {
                List<DriftResult> onFleet = FleetDrift.judge(store, "elec", windowNumber, reference, d).drift();
                List<DriftResult> onAll = FleetDrift.drift(reference, all, d);
                assertThat(onFleet).extracting(DriftResult::feature).containsExactlyElementsOf(
                        onAll.stream().map(DriftResult::feature).toList());
                for (int i = 0; i < onAll.size(); i++) {
                    DriftResult x = onFleet.get(i);
                    DriftResult y = onAll.get(i);
                    assertThat(x.method()).isEqualTo(y.method());
                    assertThat(x.drifted()).as("%s %s verdict", d, y.feature()).isEqualTo(y.drifted());
                    double diff = Math.abs(x.score() - y.score());
                    if (y.feature().equals("prediction")) {
                        assertThat(x.score()).as("categorical: exact").isEqualTo(y.score());
                    } else if (x.method().toLowerCase().contains("ks")) {
                        // the KS statistic is a largest CDF gap: each side's CDF is within its rank error
                        assertThat(diff).as("%s %s", d, y.feature()).isLessThanOrEqualTo(
                                2 * (fleet.numeric(y.feature()).rankError() + all.numeric(y.feature()).rankError()));
                        maxKs = Math.max(maxKs, diff);
                    } else if (x.method().equals("wasserstein")) {
                        // a mean distance between quantiles: each fleet quantile lies within the two sketches'
                        // rank error of the one-process quantile, so the score moves at most by the mean width of
                        // that rank band, in the score's unit
                        NumericProfile one = all.numeric(y.feature());
                        NumericProfile ref = reference.numeric(y.feature());
                        double e = one.rankError() + fleet.numeric(y.feature()).rankError();
                        double band = 0;
                        double distance = 0;
                        for (int k = 0; k < 200; k++) {
                            double q = (k + 0.5) / 200;
                            band += one.quantile(Math.min(1, q + e)) - one.quantile(Math.max(0, q - e));
                            distance += Math.abs(ref.quantile(q) - one.quantile(q));
                        }
                        double unit = y.score() > 0 ? distance / y.score() : 1;
                        assertThat(diff).as("%s %s score %s vs %s", d, y.feature(), x.score(), y.score())
                                .isLessThanOrEqualTo(band / unit);
                        maxOther = Math.max(maxOther, diff / Math.max(y.score(), y.threshold()));
                    } else {
                        // PSI and Jensen-Shannon read the sketches' quantiles into bins: no closed bound from
                        // the rank error, so the verdicts must agree and the scores stay within 10%
                        assertThat(diff).as("%s %s score %s vs %s", d, y.feature(), x.score(), y.score())
                                .isLessThanOrEqualTo(0.10 * Math.max(y.score(), y.threshold()));
                        maxOther = Math.max(maxOther, diff / Math.max(y.score(), y.threshold()));
                        System.out.printf("  %s %s: fleet %.5f, one process %.5f%n", x.method(), y.feature(), x.score(),
                                y.score());
                    }
                }
            }
            System.out.printf("FLEET DRIFT: %d rows on 3 instances (6000/3000/3000); exact stats equal; largest KS"
                    + " statistic gap %.4f; largest other score gap %.4f of max(score, threshold)%n", window.size(),
                    maxKs, maxOther);
        }
    }

    private static DatasetProfile profile(List<String[]> rows) {
        List<ColumnProfile> cols = new ArrayList<>();
        for (int f = 0; f < FEATURES.length; f++) {
            double[] v = new double[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                v[r] = Double.parseDouble(rows.get(r)[f + 1]);
            }
            cols.add(NumericProfile.of(FEATURES[f], v));
        }
        cols.add(CategoricalProfile.of("prediction", rows.stream().map(r -> r[6]).toList()));
        return new DatasetProfile(rows.size(), cols);
    }

    private static Row row(String[] r) {
        Row.Builder b = Row.builder(FEATURES.length);
        for (int f = 0; f < FEATURES.length; f++) {
            b.set(FEATURES[f], Double.parseDouble(r[f + 1]));
        }
        return b.build();
    }

    /** The recorded class stands in for the model's answer, so the prediction column is real data too. */
    private static Prediction prediction(String[] r) {
        return Prediction.ofLabel(r[6], List.of("0", "1"), r[6].equals("1") ? new double[] {0, 1} : new double[] {1, 0});
    }

    private static Path shared(String file) {
        for (Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared").resolve("data").resolve(file);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        return Path.of("../../shared/data", file);
    }
}
