package dev.lifecycle.core.tribuo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * How one prediction came about, in the model's margin (log-odds for binary XGBoost, the class score
 * before softmax for linear and multi-class models, the value for regression): {@code bias} plus the
 * contributions of the features add up to {@code margin}.
 *
 * @param label the label explained (null for regression)
 * @param margin the model's margin for that label on this row
 * @param bias the part owed to no feature: the expected margin (trees) or the intercept (linear models)
 * @param contributions per input column (one-hot parts summed), largest magnitude first
 * @param features per encoded feature (e.g. {@code sex@Male}), largest magnitude first
 * @param method how the contributions were computed, e.g. {@code tree-shap} or {@code linear}
 */
@API(status = API.Status.MAINTAINED, since = "0.1.0")
public record Explanation(String label, double margin, double bias, Map<String, Double> contributions,
        Map<String, Double> features, String method) {

    /** Copies the maps, keeping their order. */
    public Explanation {
        contributions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(contributions));
        features = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(features));
    }

    /** @return the sum of bias and every contribution: equal to {@link #margin()} up to rounding */
    public double total() {
        double s = bias;
        for (double v : features.values()) {
            s += v;
        }
        return s;
    }

    /** @return the {@code n} columns with the largest contributions by magnitude */
    public List<String> top(int n) {
        return contributions.keySet().stream().limit(n).toList();
    }
}
