package dev.lifecycle.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.NotFoundException;
import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.store.JournalEntry;
import dev.lifecycle.core.Lifecycle;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/** Acceptance: champion 1 → 2 → 3 → 2, its history with times and reasons, and the alias-at-time query. */
@Tag("fast")
class RegistryHistoryTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

    @Test
    void championMovesAreJournaledAndAnswerWhichVersionHeldTheAliasAtAnyTime(@TempDir Path home) {
        Fixtures.ManualClock clock = new Fixtures.ManualClock(T0);
        try (Lifecycle lc = Lifecycle.builder().directory(home).clock(clock).actor("alice").build()) {
            DatasetVersion data = Fixtures.classification(lc, "toy", 300, 1);
            ModelVersion v1 = lc.train("toy-clf", Trainers.cart().maxDepth(3), data);
            ModelVersion v2 = lc.train("toy-clf", Trainers.cart().maxDepth(4), data);
            ModelVersion v3 = lc.train("toy-clf", Trainers.cart().maxDepth(5), data);

            Instant[] at = {T0.plusSeconds(3600), T0.plusSeconds(7200), T0.plusSeconds(10800), T0.plusSeconds(14400)};
            ModelVersion[] to = {v1, v2, v3, v2};
            String[] why = {"first model", "better recall", "more data", "v3 regressed on slice 'red'"};
            for (int i = 0; i < 4; i++) {
                clock.set(at[i]);
                lc.models().setAlias("toy-clf", "champion", to[i], why[i]);
            }

            List<JournalEntry> moves = lc.models().aliasHistory("toy-clf", "champion");
            assertThat(moves).extracting(JournalEntry::oldValue).containsExactly(null, "1", "2", "3");
            assertThat(moves).extracting(JournalEntry::newValue).containsExactly("1", "2", "3", "2");
            assertThat(moves).extracting(JournalEntry::time).containsExactly(at);
            assertThat(moves).extracting(JournalEntry::reason).containsExactly(why);
            assertThat(moves).extracting(JournalEntry::actor).containsOnly("alice");

            assertThat(lc.models().aliasAt("toy-clf", "champion", T0)).isEmpty();
            assertThat(lc.models().aliasAt("toy-clf", "champion", at[0])).contains(1);
            assertThat(lc.models().aliasAt("toy-clf", "champion", at[0].plusSeconds(1800))).contains(1);
            assertThat(lc.models().aliasAt("toy-clf", "champion", at[1].plusSeconds(1))).contains(2);
            assertThat(lc.models().aliasAt("toy-clf", "champion", at[2].plusSeconds(3599))).contains(3);
            assertThat(lc.models().aliasAt("toy-clf", "champion", at[3].plusSeconds(86400))).contains(2);
            assertThat(lc.models().alias("toy-clf", "champion")).map(ModelVersion::version).contains(2);
        }
        try (Lifecycle reopened = Lifecycle.open(home)) {
            assertThat(reopened.models().aliasAt("toy-clf", "champion", T0.plusSeconds(10900))).contains(3);
        }
    }

    @Test
    void tagsDescriptionsAndTheirHistoryLiveBesideImmutableVersions() {
        try (Lifecycle lc = Lifecycle.builder().actor("bob").build()) {
            DatasetVersion data = Fixtures.classification(lc, "toy", 200, 2);
            ModelVersion v1 = lc.train("toy-clf", Trainers.cart().maxDepth(3), data);
            lc.models().tag("toy-clf", 1, "team", "risk", "owner");
            lc.models().tag("toy-clf", 1, "stage", "staging", "first review");
            lc.models().tag("toy-clf", 1, "stage", "production", "approved");
            lc.models().describe("toy-clf", 1, "Scores toy rows; not for real decisions.", "initial");

            assertThat(lc.models().tags("toy-clf", 1)).containsExactly(java.util.Map.entry("stage", "production"),
                    java.util.Map.entry("team", "risk"));
            assertThat(lc.models().description("toy-clf", 1)).contains("Scores toy rows; not for real decisions.");
            assertThat(lc.models().get("toy-clf", 1).digest()).isEqualTo(v1.digest());
            assertThat(lc.models().history("toy-clf")).extracting(JournalEntry::reason)
                    .contains("owner", "first review", "approved", "initial");
            assertThat(lc.models().get("toy-clf", 1).run()).isEqualTo(v1.run()).isNotNull();
            assertThatThrownBy(() -> lc.models().tag("toy-clf", 9, "k", "v", "x")).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("toy-clf has no version 9");
        }
    }
}
