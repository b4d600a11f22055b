package dev.lifecycle.core.deployment;

import dev.lifecycle.api.model.ModelVersion;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What a deployment does with a row its model cannot take: a missing feature, a mistyped or missing
 * value, or a category the model never saw.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class InputPolicy {
    enum Kind { REJECT, IMPUTE, FALLBACK }

    private static final InputPolicy REJECT = new InputPolicy(Kind.REJECT, null, null);
    private static final InputPolicy IMPUTE = new InputPolicy(Kind.IMPUTE, null, null);

    final Kind kind;
    final ModelVersion fallback;
    final String fallbackAlias;

    private InputPolicy(Kind kind, ModelVersion fallback, String fallbackAlias) {
        this.kind = kind;
        this.fallback = fallback;
        this.fallbackAlias = fallbackAlias;
    }

    /** @return the default: throw a {@link dev.lifecycle.api.data.SchemaMismatchException} naming the feature */
    public static InputPolicy reject() {
        return REJECT;
    }

    /**
     * @return replace each bad value with the median (numbers) or mode (categories, booleans) of the
     *     answering version's training data, then predict
     */
    public static InputPolicy impute() {
        return IMPUTE;
    }

    /** @return answer bad rows with another model version (e.g. one trained on fewer features) */
    public static InputPolicy fallback(ModelVersion model) {
        return new InputPolicy(Kind.FALLBACK, Objects.requireNonNull(model, "fallback model"), null);
    }

    /** @return answer bad rows with the version an alias of the deployed model points to when deployed */
    public static InputPolicy fallbackAlias(String alias) {
        return new InputPolicy(Kind.FALLBACK, null, Objects.requireNonNull(alias, "fallback alias"));
    }

    @Override
    public String toString() {
        return switch (kind) {
            case REJECT -> "reject";
            case IMPUTE -> "impute";
            case FALLBACK -> "fallback(" + (fallback != null ? fallback.id() : "alias " + fallbackAlias) + ")";
        };
    }
}
