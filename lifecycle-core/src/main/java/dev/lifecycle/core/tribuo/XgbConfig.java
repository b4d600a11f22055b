package dev.lifecycle.core.tribuo;

import java.util.LinkedHashMap;
import java.util.Map;

/** The hyperparameters shared by the XGBoost classifier and regressor; validated on every change. */
record XgbConfig(int trees, double eta, int maxDepth, double minChildWeight, double subsample,
        double featureSubsample, double lambda, double alpha, double gamma, int threads) {

    static final XgbConfig DEFAULTS = new XgbConfig(50, 0.3, 6, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 1);

    XgbConfig {
        Params.positive("trees", trees);
        Params.positive("eta", eta);
        Params.depth(maxDepth);
        Params.nonNegative("minChildWeight", minChildWeight);
        Params.fraction("subsample", subsample);
        Params.fraction("featureSubsample", featureSubsample);
        Params.nonNegative("lambda", lambda);
        Params.nonNegative("alpha", alpha);
        Params.nonNegative("gamma", gamma);
        Params.positive("threads", threads);
    }

    XgbConfig with(String trainer, String key, String value) {
        return switch (key) {
            case "trees" -> new XgbConfig(Params.asInt(trainer, key, value), eta, maxDepth, minChildWeight, subsample,
                    featureSubsample, lambda, alpha, gamma, threads);
            case "eta" -> new XgbConfig(trees, Params.asDouble(trainer, key, value), maxDepth, minChildWeight,
                    subsample, featureSubsample, lambda, alpha, gamma, threads);
            case "maxDepth" -> new XgbConfig(trees, eta, Params.asInt(trainer, key, value), minChildWeight, subsample,
                    featureSubsample, lambda, alpha, gamma, threads);
            case "minChildWeight" -> new XgbConfig(trees, eta, maxDepth, Params.asDouble(trainer, key, value),
                    subsample, featureSubsample, lambda, alpha, gamma, threads);
            case "subsample" -> new XgbConfig(trees, eta, maxDepth, minChildWeight,
                    Params.asDouble(trainer, key, value), featureSubsample, lambda, alpha, gamma, threads);
            case "featureSubsample" -> new XgbConfig(trees, eta, maxDepth, minChildWeight, subsample,
                    Params.asDouble(trainer, key, value), lambda, alpha, gamma, threads);
            case "lambda" -> new XgbConfig(trees, eta, maxDepth, minChildWeight, subsample, featureSubsample,
                    Params.asDouble(trainer, key, value), alpha, gamma, threads);
            case "alpha" -> new XgbConfig(trees, eta, maxDepth, minChildWeight, subsample, featureSubsample, lambda,
                    Params.asDouble(trainer, key, value), gamma, threads);
            case "gamma" -> new XgbConfig(trees, eta, maxDepth, minChildWeight, subsample, featureSubsample, lambda,
                    alpha, Params.asDouble(trainer, key, value), threads);
            case "threads" -> new XgbConfig(trees, eta, maxDepth, minChildWeight, subsample, featureSubsample, lambda,
                    alpha, gamma, Params.asInt(trainer, key, value));
            default -> throw Params.unknown(trainer, key, parameters().keySet());
        };
    }

    XgbConfig withAll(String trainer, Map<String, String> parameters) {
        XgbConfig c = this;
        for (Map.Entry<String, String> e : Params.orEmpty(parameters).entrySet()) {
            c = c.with(trainer, e.getKey(), e.getValue());
        }
        return c;
    }

    Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("trees", Integer.toString(trees));
        p.put("eta", Double.toString(eta));
        p.put("maxDepth", Integer.toString(maxDepth));
        p.put("minChildWeight", Double.toString(minChildWeight));
        p.put("subsample", Double.toString(subsample));
        p.put("featureSubsample", Double.toString(featureSubsample));
        p.put("lambda", Double.toString(lambda));
        p.put("alpha", Double.toString(alpha));
        p.put("gamma", Double.toString(gamma));
        p.put("threads", Integer.toString(threads));
        return p;
    }
}
