package dev.lifecycle.core.tribuo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.Prediction;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.model.Trainers;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** Random forests trained on several threads: the same model for the same seed whatever the thread count. */
@Tag("slow")
class RandomForestParallelTest {

    @Test
    void sameForestForAnyThreadCountAndProgressCountsEveryTree() {
        List<Row> train = ModelBytesFuzzMain.rows(new SplittableRandom(7), 1500, true);
        List<Row> test = ModelBytesFuzzMain.rows(new SplittableRandom(8), 500, false);
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion data = lc.datasets().importFrom("rf", RowSource.of("rf",
                    List.of("a", "b", "c", "color", "target"), train), Csv.forTarget("target")
                            .type("target", FieldType.CATEGORICAL));
            Set<Integer> seen = ConcurrentHashMap.newKeySet();
            Model one = lc.train("rf", Trainers.randomForest().trees(12).maxDepth(8).seed(5).threads(1), data).model();
            Model three = lc.train("rf", Trainers.randomForest().trees(12).maxDepth(8).seed(5).threads(3)
                    .onProgress((done, total) -> {
                        assertThat(total).isEqualTo(12);
                        seen.add(done);
                    }), data).model();
            Model otherSeed = lc.train("rf", Trainers.randomForest().trees(12).maxDepth(8).seed(6).threads(3), data)
                    .model();
            assertThat(seen).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
            int differ = 0;
            for (Row r : test) {
                Prediction a = one.predict(r);
                Prediction b = three.predict(r);
                assertThat(b.label()).isEqualTo(a.label());
                assertThat(b.scores()).isEqualTo(a.scores());
                differ += java.util.Arrays.equals(otherSeed.predict(r).scores(), a.scores()) ? 0 : 1;
                // served scores are Tribuo's own
                org.tribuo.Model<org.tribuo.classification.Label> tribuo = ((TribuoModel) three).tribuoModel();
                assertThat(tribuo.predict(((TribuoModel) three).example(r)).getOutput().getLabel()).isEqualTo(b.label());
            }
            assertThat(differ).as("another seed gives another forest").isPositive();
        }
    }
}
