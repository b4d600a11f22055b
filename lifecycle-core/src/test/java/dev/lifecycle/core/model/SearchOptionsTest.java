package dev.lifecycle.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.model.ProgressListener;
import dev.lifecycle.core.Fixtures;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Folds;
import org.junit.jupiter.api.Test;

/** Search options: metric directions, fold assignment kept across copies, and metrics refused up front. */
class SearchOptionsTest {

    @Test
    void directionsFoldsAndRefusals() {
        Search s = Search.over(SearchSpace.grid(Trainers.cart()));
        assertThat(s.metric("log-loss").higherIsBetter(false)).isFalse();
        assertThat(s.metric("brier").higherIsBetter(false)).isFalse();
        assertThat(s.metric("mse").higherIsBetter(true)).isFalse();
        assertThat(s.metric("auc").higherIsBetter(false)).isTrue();
        assertThat(s.metric("average-precision").higherIsBetter(false)).isTrue();
        assertThat(s.foldAssignment()).isEqualTo(Folds.random(5, 1));
        Search strat = s.folds(Folds.stratified(3, 9)).folds(4).seed(11);
        assertThat(strat.foldAssignment()).isEqualTo(Folds.stratified(4, 11));
        assertThat(strat.folds()).isEqualTo(4);
        assertThat(strat.seed()).isEqualTo(11);
        assertThatThrownBy(() -> s.folds(Folds.random(21, 1))).hasMessageContaining("between 2 and 20");
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion d = Fixtures.importMixed(lc, "m", 60, 1);
            assertThatThrownBy(() -> lc.search("m", s.metric("r2"), d, ProgressListener.NONE))
                    .hasMessageContaining("'r2' is not computed for classification").hasMessageContaining("auc");
        }
    }
}
