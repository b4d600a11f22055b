package dev.lifecycle.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.deployment.RoutingPolicy;
import dev.lifecycle.api.evaluation.Decision;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.api.store.JournalEntry;
import dev.lifecycle.core.Lifecycle;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The rollout controller judges off the calling threads; user routing policies are guarded; splits and shadows are judged. */
class RolloutControllerTest {

    @Test
    void stepGatesAreJudgedOnTheHostExecutorNotOnTheFeedbackThread() throws Exception {
        Set<String> judgedOn = ConcurrentHashMap.newKeySet();
        ExecutorService host = Executors.newSingleThreadExecutor(r -> new Thread(r, "host-judge"));
        try (Lifecycle lc = Lifecycle.inMemory()) {
            ModelVersion champion = Fixtures.train(lc, 1);
            ModelVersion flipped = Fixtures.wrap(champion, 2, Fixtures.flipped(champion.model()));
            InProcessDeployment dep = (InProcessDeployment) lc.deploy(Fixtures.MODEL, Rollout.version(champion)
                    .canary(flipped, 0.3).gate(StepGate.after(50)).judgeOn(task -> host.execute(() -> {
                        judgedOn.add(Thread.currentThread().getName());
                        task.run();
                    })));
            for (Row r : Fixtures.labelled(41, 3000)) {
                Prediction p = dep.predict(r.without("label"));
                dep.feedback(p.id(), (String) r.get("label"));
            }
            dep.awaitJudged();
            assertThat(judgedOn).containsExactly("host-judge");
            RolloutStatus st = dep.rolloutStatus();
            assertThat(st.phase()).isEqualTo(RolloutStatus.Phase.ROLLED_BACK);
            assertThat(st.decision().verdict()).isEqualTo(Decision.Verdict.ROLL_BACK);
            assertThat(st.decision().reason()).contains("two-proportion z-test").contains("n=").contains("p=");
        } finally {
            host.shutdown();
            assertThat(host.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void theOwnedJudgingThreadStopsOnClose() throws Exception {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            ModelVersion champion = Fixtures.train(lc, 1);
            ModelVersion same = Fixtures.wrap(champion, 2, champion.model());
            InProcessDeployment dep = (InProcessDeployment) lc.deploy(Fixtures.MODEL, Rollout.version(champion)
                    .canary(same, 0.5).gate(StepGate.after(10).budget(1000)));
            for (Row r : Fixtures.labelled(42, 600)) {
                Prediction p = dep.predict(r.without("label"));
                dep.feedback(p.id(), (String) r.get("label"));
            }
            dep.awaitJudged();
            assertThat(threads("lifecycle-rollout-" + Fixtures.MODEL)).isPositive();
            dep.close();
            assertThat(threads("lifecycle-rollout-" + Fixtures.MODEL)).isZero();
        }
    }

    private static long threads(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive())
                .count();
    }

    @Test
    void aThrowingUserPolicyFallsBackToTheChampionAndIsCounted() {
        RoutingPolicy flaky = new RoutingPolicy() {
            @Override
            public int arms() {
                return 2;
            }

            @Override
            public int route(Row row, long requestId) {
                if (requestId % 3 == 0) {
                    throw new IllegalStateException("policy bug");
                }
                return requestId % 3 == 1 ? 1 : 7;
            }

            @Override
            public String describe() {
                return "flaky";
            }
        };
        try (Lifecycle lc = Lifecycle.inMemory()) {
            ModelVersion champion = Fixtures.train(lc, 1);
            ModelVersion b = Fixtures.wrap(champion, 2, champion.model());
            InProcessDeployment dep = (InProcessDeployment) lc.deploy(Fixtures.MODEL, Rollout.version(champion)
                    .route(b, flaky).warmUp(0));
            long toB = 0;
            long bad = 0;
            for (Row r : Fixtures.inputs(Fixtures.labelled(43, 300))) {
                Prediction p = dep.predict(r);
                toB += p.version() == 2 ? 1 : 0;
                bad += p.id() % 3 == 1 ? 0 : 1;
            }
            assertThat(toB).isEqualTo(300 - bad);
            assertThat(dep.routingFailures()).isEqualTo(bad);
            assertThat(dep.routing()).startsWith("policy flaky");
            assertThat(dep.rolloutStatus().phase()).isEqualTo(RolloutStatus.Phase.SPLIT);
        }
        assertThatThrownBy(() -> Rollout.alias("champion").route("b", RoutingPolicy.single()))
                .hasMessageContaining("2 arms");
    }

    @Test
    void anAbSplitIsJudgedByTheSequentialTestAndRecordedWithoutMovingTraffic() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            ModelVersion champion = Fixtures.train(lc, 1);
            ModelVersion flipped = Fixtures.wrap(champion, 2, Fixtures.flipped(champion.model()));
            InProcessDeployment dep = (InProcessDeployment) lc.deploy(Fixtures.MODEL, Rollout.version(champion)
                    .abTest(flipped, "x1", 0.5).gate(StepGate.after(30)).judgeOn(Runnable::run));
            for (Row r : Fixtures.labelled(44, 2000)) {
                Prediction p = dep.predict(r.without("label"));
                dep.feedback(p.id(), (String) r.get("label"));
            }
            RolloutStatus st = dep.rolloutStatus();
            assertThat(st.phase()).isEqualTo(RolloutStatus.Phase.SPLIT);
            assertThat(st.decision().verdict()).isEqualTo(Decision.Verdict.ROLL_BACK);
            assertThat(st.decision().budgetSpent()).isFalse();
            List<JournalEntry> decisions = lc.store().journal("deployments/" + Fixtures.MODEL + "/decisions");
            assertThat(decisions).hasSize(1);
            assertThat(decisions.get(0).reason()).contains("two-proportion z-test").contains(flipped.id());
        }
    }

    @Test
    void aGatedShadowShownWorseOnPairedRowsIsDropped() throws Exception {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            ModelVersion champion = Fixtures.train(lc, 1);
            ModelVersion flipped = Fixtures.wrap(champion, 2, Fixtures.flipped(champion.model()));
            InProcessDeployment dep = (InProcessDeployment) lc.deploy(Fixtures.MODEL, Rollout.version(champion)
                    .shadow(flipped).shadowGate(StepGate.after(30).budget(2000)).warmUp(0));
            List<Row> rows = Fixtures.labelled(45, 100);
            for (int round = 0; round < 20 && dep.rolloutStatus().shadowDecision() == null; round++) {
                List<Prediction> served = new java.util.ArrayList<>();
                for (Row r : rows) {
                    served.add(dep.predict(r.without("label")));
                }
                long want = (round + 1L) * rows.size();
                while (dep.metrics().arms().get("shadow").predictions() < want) {
                    Thread.onSpinWait();
                }
                for (int i = 0; i < rows.size(); i++) {
                    dep.feedback(served.get(i).id(), (String) rows.get(i).get("label"));
                }
                dep.awaitJudged();
            }
            RolloutStatus st = dep.rolloutStatus();
            assertThat(st.shadowDecision()).isNotNull();
            assertThat(st.shadowDecision().test()).contains("McNemar");
            assertThat(st.phase()).isEqualTo(RolloutStatus.Phase.ROLLED_BACK);
            assertThat(dep.routing()).doesNotContain("shadow=");
        }
    }
}
