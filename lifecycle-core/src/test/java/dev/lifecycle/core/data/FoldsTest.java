package dev.lifecycle.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.core.Fixtures;
import dev.lifecycle.core.Lifecycle;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** One fold assignment: partitions, stratification, grouping, and the same rows from every entry point. */
class FoldsTest {

    @Property(tries = 40)
    void everyKindPartitionsTheRowsAndStratifiedKeepsEachClassWithinOneRow(@ForAll @IntRange(min = 2, max = 7) int k,
            @ForAll @IntRange(min = 20, max = 400) int n, @ForAll long seed) {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion d = Fixtures.importMixed(lc, "m", n, seed);
            for (Folds folds : List.of(Folds.random(k, seed), Folds.stratified(k, seed), Folds.grouped("color",
                    Math.min(k, 3), seed))) {
                int[][] test = folds.testRows(d);
                assertThat(test.length).isEqualTo(folds.k());
                int[] all = Arrays.stream(test).flatMapToInt(Arrays::stream).sorted().toArray();
                assertThat(all).isEqualTo(java.util.stream.IntStream.range(0, n).toArray());
                for (int[] f : test) {
                    assertThat(f).isSorted();
                }
                assertThat(folds.testRows(d)).isDeepEqualTo(test);
            }
            int[][] strat = Folds.stratified(k, seed).testRows(d);
            Map<String, Integer> total = new HashMap<>();
            for (int r = 0; r < n; r++) {
                total.merge(d.target(r), 1, Integer::sum);
            }
            for (int[] f : strat) {
                Map<String, Integer> c = new HashMap<>();
                for (int r : f) {
                    c.merge(d.target(r), 1, Integer::sum);
                }
                total.forEach((label, count) -> assertThat((double) c.getOrDefault(label, 0))
                        .isBetween(Math.floor((double) count / k), Math.ceil((double) count / k)));
            }
            int[][] grouped = Folds.grouped("color", Math.min(k, 3), seed).testRows(d);
            Map<String, Integer> foldOf = new HashMap<>();
            for (int f = 0; f < grouped.length; f++) {
                for (int r : grouped[f]) {
                    Integer before = foldOf.put(d.string("color", r), f);
                    assertThat(before == null || before == f).as("group %s in one fold", d.string("color", r)).isTrue();
                }
            }
        }
    }

    @Test
    void kFoldSplitsHoldOutExactlyTheFoldsRows() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion d = Fixtures.importMixed(lc, "m", 301, 4);
            Folds folds = Folds.stratified(4, 11);
            int[][] test = folds.testRows(d);
            List<Split> splits = lc.datasets().kFold(d, folds);
            for (int f = 0; f < 4; f++) {
                assertThat(splits.get(f).test().size()).isEqualTo(test[f].length);
                for (int i = 0; i < test[f].length; i++) {
                    assertThat(splits.get(f).test().row(i)).isEqualTo(d.row(test[f][i]));
                }
                assertThat(splits.get(f).test().lineage().details()).containsEntry("folds", "stratified")
                        .containsEntry("fold", Integer.toString(f));
            }
            // the int overload is random folds with that seed
            assertThat(lc.datasets().kFold(d, 4, 11).get(2).test().size())
                    .isEqualTo(Folds.random(4, 11).testRows(d)[2].length);
        }
    }

    @Test
    void refusesTooFewRowsOrGroupsAndAMissingGroupColumn() {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion d = Fixtures.importMixed(lc, "m", 30, 4);
            assertThatThrownBy(() -> Folds.grouped("color", 4, 1).testRows(d))
                    .hasMessageContaining("3 group(s) in 'color'").hasMessageContaining("fewer folds");
            assertThatThrownBy(() -> Folds.grouped("nope", 2, 1).testRows(d)).hasMessageContaining("no group column 'nope'");
            assertThatThrownBy(() -> Folds.grouped(null, 2, 1).testRows(d)).hasMessageContaining("GROUP column");
            assertThatThrownBy(() -> Folds.random(31, 1).testRows(d)).hasMessageContaining("fewer than the 31 folds");
            assertThatThrownBy(() -> Folds.random(1, 1)).hasMessageContaining("k >= 2");
        }
    }
}
