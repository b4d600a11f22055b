package dev.lifecycle.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.SchemaMismatchException;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelFormatException;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.OutputType;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Signature;
import dev.lifecycle.api.model.Trainer;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.tribuo.TribuoProtobufFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window ensemble: weights from recent accuracy, a stored model that reloads identically, bad input refused. */
class WindowEnsembleTest {
    private static final EnsembleFormat FORMAT = new EnsembleFormat(List.of(new TribuoProtobufFormat()));

    /** The label is "yes" when a + b > 10 before row {@code flip}, and when a + b < 10 from it on. */
    private static DatasetVersion drifting(Lifecycle lc, int n, int flip, long seed) {
        Random r = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double a = r.nextDouble() * 10;
            double b = r.nextDouble() * 10;
            boolean above = a + b + 0.3 * r.nextGaussian() > 10;
            rows.add(Row.of("a", a, "b", b, "label", above == (i < flip) ? "yes" : "no"));
        }
        return lc.datasets().importFrom("drifting", RowSource.of("generated", List.of("a", "b", "label"), rows),
                Csv.forTarget("label"));
    }

    private static List<Row> inputs(DatasetVersion d, int from, int to) {
        List<Row> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(d.row(i).without("label"));
        }
        return out;
    }

    @Test
    void storedEnsemblesReloadWithIdenticalPredictionsAndTheirTrainerIsRebuiltFromItsRecord(@TempDir Path home) {
        List<Trainer> trainers = List.of(
                WindowEnsemble.of(Trainers.logisticRegression().seed(3)).windows(100, 200, 400).validation(100),
                WindowEnsemble.of(Trainers.cart().maxDepth(4).seed(3)).windows(150, 600).generations(3)
                        .validation(80).power(1));
        List<ModelVersion> trained = new ArrayList<>();
        DatasetVersion data;
        try (Lifecycle lc = Lifecycle.open(home)) {
            data = drifting(lc, 700, 450, 1);
            for (Trainer t : trainers) {
                trained.add(lc.train("ens-" + trained.size(), t, data));
            }
        }
        List<Row> rows = inputs(data, 500, 700);
        try (Lifecycle reopened = Lifecycle.open(home)) {
            for (ModelVersion v : trained) {
                ModelVersion loaded = reopened.models().get(v.name(), v.version());
                assertThat(loaded.format()).isEqualTo(EnsembleFormat.ID);
                assertThat(loaded.model()).isInstanceOf(EnsembleModel.class);
                EnsembleModel before = (EnsembleModel) v.model();
                EnsembleModel after = (EnsembleModel) loaded.model();
                assertThat(after.members()).extracting(EnsembleModel.Member::weight)
                        .containsExactlyElementsOf(before.members().stream().map(EnsembleModel.Member::weight).toList());
                assertThat(after.members()).extracting(EnsembleModel.Member::description)
                        .containsExactlyElementsOf(before.members().stream().map(EnsembleModel.Member::description)
                                .toList());
                List<Prediction> a = before.predictAll(rows);
                List<Prediction> b = after.predictAll(rows);
                for (int i = 0; i < rows.size(); i++) {
                    assertThat(b.get(i).label()).as(v.id()).isEqualTo(a.get(i).label());
                    assertThat(b.get(i).scores()).as(v.id()).containsExactly(a.get(i).scores());
                    assertThat(after.predict(rows.get(i)).scores()).as(v.id()).containsExactly(a.get(i).scores());
                }
                Trainer rebuilt = TrainerCatalog.builtIn().rebuild(v.trainer(), v.parameters(), v.seed());
                assertThat(rebuilt.parameters()).isEqualTo(v.parameters());
                List<Prediction> again = rebuilt.train(data).predictAll(rows);
                for (int i = 0; i < rows.size(); i++) {
                    assertThat(again.get(i).scores()).as("retrained " + v.id()).containsExactly(a.get(i).scores());
                }
            }
        }
    }

    @Test
    void membersThatKnowTheLatestConceptOutvoteThoseTrainedMostlyOnTheOldOne() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion data = drifting(lc, 1000, 750, 2);
            EnsembleModel m = WindowEnsemble.of(Trainers.logisticRegression().seed(1)).windows(100, 1000)
                    .validation(100).train(data);
            assertThat(m.members()).hasSize(4);
            double small = 0;
            double large = 0;
            for (EnsembleModel.Member member : m.members()) {
                if (member.description().startsWith("window 100 ")) {
                    small += member.weight();
                } else {
                    large += member.weight();
                }
            }
            assertThat(small).as("weights of the 100-row windows, trained on the new concept only").isGreaterThan(0);
            assertThat(small).as("against the 1,000-row windows, mostly the old concept").isGreaterThan(3 * large);
            List<Prediction> p = m.predictAll(inputs(data, 900, 1000));
            int ok = 0;
            for (int i = 0; i < p.size(); i++) {
                ok += p.get(i).label().equals(data.target(900 + i)) ? 1 : 0;
            }
            assertThat(ok).as("correct on the latest 100 rows").isGreaterThanOrEqualTo(85);
            double sum = Arrays.stream(p.get(0).scores()).sum();
            assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void withoutRoomForValidationEveryMemberVotesEquallyAndShortDataIsRefused() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion data = drifting(lc, 60, 60, 3);
            EnsembleModel m = WindowEnsemble.of(Trainers.logisticRegression()).windows(20, 40).train(data);
            assertThat(m.members()).extracting(EnsembleModel.Member::weight).containsOnly(1.0);
            assertThat(m.members()).hasSize(2);
            DatasetVersion tiny = drifting(lc, 5, 5, 4);
            assertThatThrownBy(() -> WindowEnsemble.of(Trainers.logisticRegression()).train(tiny))
                    .isInstanceOf(SchemaMismatchException.class).hasMessageContaining("at least 10");
        }
    }

    @Test
    void theVoteIsTheWeightedMajorityWithTiesToTheFirstLabel() {
        Signature sig = new Signature(List.of(Field.numeric("x")), "y", OutputType.CLASSIFICATION, List.of("no", "yes"));
        EnsembleModel m = EnsembleModel.of(sig, List.of(new EnsembleModel.Member(constant("yes"), 1, "a"),
                new EnsembleModel.Member(constant("no"), 2, "b"), new EnsembleModel.Member(constant("yes"), 0.5, "c")));
        Prediction p = m.predict(Row.of("x", 1.0));
        assertThat(p.label()).isEqualTo("no");
        assertThat(p.scores()).containsExactly(2 / 3.5, 1.5 / 3.5);
        EnsembleModel tie = EnsembleModel.of(sig, List.of(new EnsembleModel.Member(constant("yes"), 1, "a"),
                new EnsembleModel.Member(constant("no"), 1, "b")));
        assertThat(tie.predictAll(List.of(Row.of("x", 1.0))).get(0).label()).isEqualTo("no");
        assertThat(FORMAT.supports(m)).as("members no format stores").isFalse();
        assertThatThrownBy(() -> FORMAT.write(m)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void impossibleEnsemblesAndSettingsAreRefusedWithMessagesThatSayWhy() {
        Signature sig = new Signature(List.of(Field.numeric("x")), "y", OutputType.CLASSIFICATION, List.of("no", "yes"));
        assertThatThrownBy(() -> EnsembleModel.of(sig, List.of())).hasMessageContaining("1 to");
        assertThatThrownBy(() -> new EnsembleModel.Member(constant("no"), -1, "a")).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> new EnsembleModel.Member(constant("no"), Double.NaN, "a")).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> EnsembleModel.of(sig, List.of(new EnsembleModel.Member(constant("no"), 0, "a"))))
                .hasMessageContaining("sum to 0");
        assertThatThrownBy(() -> EnsembleModel.of(sig, List.of(new EnsembleModel.Member(constant("maybe"), 1, "a"))))
                .hasMessageContaining("labels among");
        Signature regression = new Signature(List.of(Field.numeric("x")), "y", OutputType.REGRESSION, List.of());
        assertThatThrownBy(() -> EnsembleModel.of(regression, List.of(new EnsembleModel.Member(constant("no"), 1, "a"))))
                .hasMessageContaining("classification");
        WindowEnsemble e = WindowEnsemble.of(Trainers.logisticRegression());
        assertThatThrownBy(() -> e.windows(5)).hasMessageContaining("at least 10");
        assertThatThrownBy(() -> e.generations(0)).hasMessageContaining("between 1 and 16");
        assertThatThrownBy(() -> e.power(Double.NaN)).hasMessageContaining("power");
        assertThatThrownBy(() -> WindowEnsemble.of(e)).hasMessageContaining("cannot be a window ensemble");
        assertThatThrownBy(() -> TrainerCatalog.builtIn().rebuild(WindowEnsemble.NAME, Map.of(), 1))
                .hasMessageContaining("'base'");
        assertThatThrownBy(() -> TrainerCatalog.builtIn().rebuild(WindowEnsemble.NAME, Map.of("base", "cart",
                "size", "3"), 1)).hasMessageContaining("no parameter 'size'");
        assertThatThrownBy(() -> TrainerCatalog.builtIn().rebuild(WindowEnsemble.NAME, Map.of("base", "cart",
                "windows", "big"), 1)).hasMessageContaining("number list");
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion reg = Fixtures.regression(lc, "reg", 100, 1);
            assertThatThrownBy(() -> e.train(reg)).isInstanceOf(SchemaMismatchException.class)
                    .hasMessageContaining("classifier");
        }
    }

    @Test
    void damagedBytesAreATypedErrorNeverAnotherException() {
        byte[] good;
        Signature sig;
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion data = drifting(lc, 300, 300, 5);
            EnsembleModel m = WindowEnsemble.of(Trainers.logisticRegression()).windows(50, 100).validation(50)
                    .train(data);
            good = FORMAT.write(m);
            sig = m.signature();
        }
        assertThat(FORMAT.read(good, sig)).isInstanceOf(EnsembleModel.class);
        Random r = new Random(9);
        List<byte[]> bad = new ArrayList<>();
        bad.add(new byte[0]);
        bad.add(Arrays.copyOf(good, 11));
        bad.add(Arrays.copyOf(good, good.length / 2));
        bad.add(Arrays.copyOf(good, good.length + 1));
        byte[] huge = good.clone();
        huge[11] = 127; // member count
        bad.add(huge);
        byte[] magic = good.clone();
        magic[0] ^= 1;
        bad.add(magic);
        for (int k = 0; k < 20; k++) {
            byte[] b = good.clone();
            for (int j = 0; j < 4; j++) {
                int at = r.nextInt(Math.min(b.length, 200));
                b[at] = (byte) r.nextInt(256);
            }
            bad.add(b);
        }
        for (byte[] b : bad) {
            try {
                Model m = FORMAT.read(b, sig);
                m.predict(Row.of("a", 1.0, "b", 2.0)); // a flip that left a readable model: it must still serve
            } catch (ModelFormatException expected) {
                assertThat(expected).hasMessageContaining("ensemble");
            }
        }
    }

    private static Model constant(String label) {
        Signature s = new Signature(List.of(Field.numeric("x")), "y", OutputType.CLASSIFICATION, List.of(label));
        return new Model() {
            @Override
            public Signature signature() {
                return s;
            }

            @Override
            public Prediction predict(Row row) {
                return Prediction.ofLabel(label, s.labels(), new double[] {1});
            }

            @Override
            public boolean producesProbabilities() {
                return false;
            }
        };
    }
}
