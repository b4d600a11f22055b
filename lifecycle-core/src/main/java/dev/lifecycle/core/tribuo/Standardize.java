package dev.lifecycle.core.tribuo;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.FieldType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Output;
import org.tribuo.Trainer;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.Transformation;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.transformations.MeanStdDevTransformation;

/**
 * Standardises numeric features inside the Tribuo model (a {@code TransformedModel}, stored with it),
 * so linear models are not dominated by large-valued columns. One-hot and boolean features are left
 * alone, and so are numeric features that are constant in the training data: their standard
 * deviation is 0, and dividing by it would turn every value into NaN.
 */
final class Standardize {
    private Standardize() {
    }

    static <T extends Output<T>> Trainer<T> wrap(Trainer<T> inner, boolean enabled, List<Field> inputs,
            DatasetVersion data) {
        if (!enabled) {
            return inner;
        }
        Map<String, List<Transformation>> perFeature = new LinkedHashMap<>();
        for (Field f : inputs) {
            if (f.type() == FieldType.NUMERIC && varies(data, f.name())) {
                perFeature.put(f.name(), List.of(new MeanStdDevTransformation()));
            }
        }
        return perFeature.isEmpty() ? inner : new TransformTrainer<>(inner, new TransformationMap(perFeature), false);
    }

    private static boolean varies(DatasetVersion data, String column) {
        double first = Double.NaN;
        for (int i = 0; i < data.size(); i++) {
            double v = data.number(column, i);
            if (Double.isNaN(v)) {
                continue;
            }
            if (Double.isNaN(first)) {
                first = v;
            } else if (v != first) {
                return true;
            }
        }
        return false;
    }
}
