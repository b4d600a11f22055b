package dev.lifecycle.core.evaluation;

import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.Lineage;
import dev.lifecycle.api.data.Schema;
import dev.lifecycle.core.internal.Column;
import dev.lifecycle.core.internal.ColumnarDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small in-memory datasets for evaluation tests. */
final class Tables {
    private Tables() {
    }

    /**
     * @param group a categorical column {@code g} with values {@code g0..g(k-1)}
     * @param x a numeric column {@code x}
     * @param labels the target {@code y} as codes into {@code labelNames}
     */
    static ColumnarDataset classification(int[] group, double[] x, int[] labels, List<String> labelNames) {
        int k = 0;
        for (int g : group) {
            k = Math.max(k, g + 1);
        }
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            groups.add("g" + i);
        }
        Schema schema = new Schema(List.of(Field.categorical("g", groups), Field.numeric("x"),
                Field.categorical("y", labelNames)), "y");
        return new ColumnarDataset("t", 1, schema, new Lineage(List.of(), "test", null, Map.of()),
                List.of(new Column.Coded(group, groups), new Column.Numeric(x), new Column.Coded(labels, labelNames)));
    }

    static ColumnarDataset regression(double[] x, double[] y) {
        Schema schema = new Schema(List.of(Field.numeric("x"), Field.numeric("y")), "y");
        return new ColumnarDataset("r", 1, schema, new Lineage(List.of(), "test", null, Map.of()),
                List.of(new Column.Numeric(x), new Column.Numeric(y)));
    }
}
