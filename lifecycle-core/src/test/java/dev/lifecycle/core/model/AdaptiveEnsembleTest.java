package dev.lifecycle.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.OutputType;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.model.Signature;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.data.SeaStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Members re-weighted from each label: the vote follows a concept switch that the stored weights miss, starts
 * as stored, is deterministic under concurrent predictions, and stays bounded when newer ensembles are admitted.
 */
class AdaptiveEnsembleTest {
    private static Lifecycle lc;
    /** Trained on SEA threshold 12 (the concept before the switch): accuracy about 0.5 after it. */
    private static Model before;
    /** Trained on SEA threshold 6 (an earlier concept that comes back). */
    private static Model recurring;
    private static Signature signature;

    @BeforeAll
    static void train() {
        lc = Lifecycle.inMemory();
        DatasetVersion a = sea("before", new SeaStream(1, 10_000, 0.0, 12).next(600));
        DatasetVersion b = sea("recurring", new SeaStream(2, 10_000, 0.0, 6).next(600));
        before = Trainers.cart().maxDepth(6).seed(3).train(a);
        recurring = Trainers.cart().maxDepth(6).seed(3).train(b);
        signature = Signature.of(a.schema(), OutputType.CLASSIFICATION, List.of("0", "1"));
    }

    @AfterAll
    static void close() {
        lc.close();
    }

    private static DatasetVersion sea(String name, List<Row> rows) {
        return lc.datasets().importFrom(name, RowSource.of(name, SeaStream.COLUMNS, rows), Csv.forTarget("label"));
    }

    /** Weights as a window ensemble stores them: (accuracy - 0.5)^2 for validation accuracies 0.8 and 0.6. */
    private static EnsembleModel stored() {
        return EnsembleModel.of(signature, List.of(new EnsembleModel.Member(before, 0.09, "before"),
                new EnsembleModel.Member(recurring, 0.01, "recurring")));
    }

    @Test
    void afterAConceptSwitchTheLiveWeightsFollowTheMemberThatIsRightWhileTheStoredWeightsStayWrong() {
        EnsembleModel fixed = stored();
        AdaptiveEnsemble live = AdaptiveEnsemble.of(fixed, Reweighting.defaults());
        SeaStream after = new SeaStream(9, 10_000, 0.05, 6);
        int staticOk = 0;
        int liveOk = 0;
        int overtaken = -1;
        int n = 1000;
        for (int i = 0; i < n; i++) {
            Row r = after.next();
            Row x = r.without("label");
            String truth = (String) r.get("label");
            staticOk += fixed.predict(x).label().equals(truth) ? 1 : 0;
            liveOk += live.predict(x).label().equals(truth) ? 1 : 0;
            live.observe(x, truth);
            List<EnsembleModel.Member> m = live.members();
            if (overtaken < 0 && m.get(1).weight() > m.get(0).weight()) {
                overtaken = i + 1;
            }
        }
        double staticAcc = (double) staticOk / n;
        double liveAcc = (double) liveOk / n;
        assertThat(overtaken).as("labels until the right member outweighs the stored favourite").isBetween(1, 40);
        assertThat(staticAcc).as("stored weights, after the switch").isLessThan(0.65);
        assertThat(liveAcc).as("live weights, after the switch").isGreaterThan(0.88).isGreaterThan(staticAcc + 0.25);
        assertThat(live.labels()).isEqualTo(n);
    }

    @Test
    void beforeAnyLabelItVotesAsStoredAndTheSameLabelsGiveTheSameWeights() {
        EnsembleModel fixed = stored();
        AdaptiveEnsemble one = AdaptiveEnsemble.of(fixed, Reweighting.defaults());
        AdaptiveEnsemble two = AdaptiveEnsemble.of(fixed, Reweighting.defaults());
        List<Row> rows = new ArrayList<>();
        for (Row r : new SeaStream(4, 10_000, 0.1, 6).next(300)) {
            rows.add(r.without("label"));
        }
        assertThat(one.predictAll(rows)).extracting(Prediction::label)
                .isEqualTo(fixed.predictAll(rows).stream().map(Prediction::label).toList());
        assertThat(one.members().get(0).weight()).isCloseTo(0.09, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(one.members().get(1).weight()).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-12));
        SeaStream s = new SeaStream(5, 10_000, 0.1, 6);
        for (int i = 0; i < 200; i++) {
            Row r = s.next();
            one.observe(r.without("label"), (String) r.get("label"));
        }
        s = new SeaStream(5, 10_000, 0.1, 6);
        for (int i = 0; i < 200; i++) {
            Row r = s.next();
            two.observe(r.without("label"), (String) r.get("label"));
        }
        assertThat(one.members()).extracting(EnsembleModel.Member::weight)
                .isEqualTo(two.members().stream().map(EnsembleModel.Member::weight).toList());
        assertThat(one.predictAll(rows)).extracting(Prediction::label).isEqualTo(rows.stream()
                .map(r -> recurring.predict(r).label()).toList());
    }

    @Test
    void admittingANewerEnsembleKeepsAtMostRetainedOfTheBestCurrentMembers() {
        AdaptiveEnsemble live = AdaptiveEnsemble.of(stored(), Reweighting.defaults().withRetained(1));
        SeaStream s = new SeaStream(6, 10_000, 0.0, 6);
        for (int i = 0; i < 100; i++) {
            Row r = s.next();
            live.observe(r.without("label"), (String) r.get("label"));
        }
        AdaptiveEnsemble next = live;
        for (int k = 0; k < 5; k++) {
            next = next.admit(EnsembleModel.of(signature, List.of(new EnsembleModel.Member(before, 0.04, "new " + k))));
            assertThat(next.members()).hasSize(2);
        }
        List<EnsembleModel.Member> m = next.members();
        assertThat(m.get(0).description()).isEqualTo("new 4");
        assertThat(m.get(1).description()).as("the member right since the switch, kept with its record")
                .isEqualTo("recurring");
        assertThat(m.get(1).weight()).isGreaterThan(m.get(0).weight());
        assertThat(AdaptiveEnsemble.of(stored(), Reweighting.defaults()).admit(stored()).members())
                .as("nothing retained by default").hasSize(2);
    }

    @Test
    void predictionsDuringLabelsNeverFailAndLeaveTheWeightsOfASingleThreadedReplay() throws Exception {
        AdaptiveEnsemble live = AdaptiveEnsemble.of(stored(), Reweighting.defaults().withHalfLife(20));
        List<Row> stream = new SeaStream(8, 300, 0.05, 12, 6, 12, 6).next(1200);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        List<Future<Integer>> readers = new ArrayList<>();
        try {
            for (int t = 0; t < 3; t++) {
                readers.add(pool.submit(() -> {
                    start.await();
                    int n = 0;
                    while (!done.get() || n == 0) {
                        Prediction p = live.predict(stream.get(n % stream.size()).without("label"));
                        assertThat(p.scores()[0] + p.scores()[1]).isCloseTo(1.0, org.assertj.core.data.Offset
                                .offset(1e-9));
                        n++;
                    }
                    return n;
                }));
            }
            start.countDown();
            for (Row r : stream) {
                live.observe(r.without("label"), (String) r.get("label"));
            }
            done.set(true);
            for (Future<Integer> f : readers) {
                assertThat(f.get(1, TimeUnit.MINUTES)).isPositive();
            }
        } finally {
            pool.shutdownNow();
        }
        AdaptiveEnsemble replay = AdaptiveEnsemble.of(stored(), Reweighting.defaults().withHalfLife(20));
        for (Row r : stream) {
            replay.observe(r.without("label"), (String) r.get("label"));
        }
        assertThat(live.members()).extracting(EnsembleModel.Member::weight)
                .isEqualTo(replay.members().stream().map(EnsembleModel.Member::weight).toList());
    }

    @Test
    void withOtherHalfLivesItServesTheOneWhoseVoteIsRightMostOftenWhenTheConceptFlipsFasterThanTheFirstFollows() {
        // the concept flips every 80 rows between the two members' concepts: a 400-label half-life lags behind
        double[] flips = new double[30];
        for (int i = 0; i < flips.length; i++) {
            flips[i] = i % 2 == 0 ? 12 : 6;
        }
        List<Row> stream = new SeaStream(12, 80, 0.0, flips).next(2400);
        AdaptiveEnsemble slow = AdaptiveEnsemble.of(stored(), Reweighting.defaults().withHalfLife(400));
        AdaptiveEnsemble fast = AdaptiveEnsemble.of(stored(), Reweighting.defaults().withHalfLife(10));
        AdaptiveEnsemble chooser = AdaptiveEnsemble.of(stored(), Reweighting.defaults().withHalfLife(400)
                .withOtherHalfLives(10));
        int[] ok = new int[3];
        AdaptiveEnsemble[] all = {slow, fast, chooser};
        for (Row r : stream) {
            Row x = r.without("label");
            String truth = (String) r.get("label");
            for (int k = 0; k < 3; k++) {
                ok[k] += all[k].predict(x).label().equals(truth) ? 1 : 0;
                all[k].observe(x, truth);
            }
        }
        assertThat(chooser.servingHalfLife()).isEqualTo(10);
        assertThat(slow.servingHalfLife()).isEqualTo(400);
        assertThat(ok[2]).as("choosing among 400 and 10 labels, against 10 alone (%s) and 400 alone (%s)", ok[1],
                ok[0]).isGreaterThan(ok[0] + 240).isGreaterThanOrEqualTo(ok[1] - 48);
        AdaptiveEnsemble admitted = chooser.admit(stored());
        assertThat(admitted.servingHalfLife()).as("the choice carries over to a newer ensemble").isEqualTo(10);
    }

    @Test
    void untilAnotherHalfLifeIsAheadTheFirstServesAndVotesAsWithoutTheOthers() {
        AdaptiveEnsemble one = AdaptiveEnsemble.of(stored(), Reweighting.defaults());
        AdaptiveEnsemble chooser = AdaptiveEnsemble.of(stored(), Reweighting.defaults().withOtherHalfLives(50, 200));
        SeaStream s = new SeaStream(5, 10_000, 0.1, 12); // the stored favourite's concept
        for (int i = 0; i < 200; i++) {
            Row r = s.next();
            one.observe(r.without("label"), (String) r.get("label"));
            chooser.observe(r.without("label"), (String) r.get("label"));
        }
        assertThat(chooser.servingHalfLife()).as("the stored favourite stays right: every half-life votes alike").isEqualTo(100);
        assertThat(chooser.members()).extracting(EnsembleModel.Member::weight)
                .isEqualTo(one.members().stream().map(EnsembleModel.Member::weight).toList());
    }

    @Test
    void badOtherHalfLivesAreRefusedWithWhatToGive() {
        assertThatThrownBy(() -> Reweighting.defaults().withOtherHalfLives(0)).hasMessageContaining("otherHalfLives")
                .hasMessageContaining("1 to 1,000,000");
        assertThatThrownBy(() -> Reweighting.defaults().withOtherHalfLives(25, 25))
                .hasMessageContaining("distinct");
        assertThatThrownBy(() -> Reweighting.defaults().withOtherHalfLives(100))
                .hasMessageContaining("other than halfLife 100");
        assertThatThrownBy(() -> Reweighting.defaults().withOtherHalfLives(1, 2, 3, 4, 5, 6, 7, 8))
                .hasMessageContaining("at most 7");
        assertThatThrownBy(() -> new Reweighting(100, 2, 50, 0, null)).hasMessageContaining("empty list");
        assertThat(Reweighting.defaults().withOtherHalfLives(25, 400).halfLives()).containsExactly(100, 25, 400);
        assertThat(Reweighting.defaults().withOtherHalfLives(25).withHalfLife(50).otherHalfLives())
                .containsExactly(25);
    }

    @Test
    void badSettingsAreRefusedWithTheirRange() {
        assertThatThrownBy(() -> Reweighting.defaults().withHalfLife(0)).hasMessageContaining("halfLife");
        assertThatThrownBy(() -> Reweighting.defaults().withPower(0)).hasMessageContaining("power");
        assertThatThrownBy(() -> Reweighting.defaults().withPriorLabels(-1)).hasMessageContaining("priorLabels");
        assertThatThrownBy(() -> Reweighting.defaults().withRetained(EnsembleModel.MAX_MEMBERS + 1))
                .hasMessageContaining("retained");
    }
}
