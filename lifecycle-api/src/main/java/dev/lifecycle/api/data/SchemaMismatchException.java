package dev.lifecycle.api.data;

import dev.lifecycle.api.LifecycleException;
import org.apiguardian.api.API;

/**
 * A row or dataset does not match the schema it is used with: a feature is missing, has a value of
 * the wrong type, or holds a category the schema does not know.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public class SchemaMismatchException extends LifecycleException {
    private static final long serialVersionUID = 1L;

    private final String feature;

    /**
     * @param feature the name of the offending feature
     * @param message what is wrong with it and what to do
     */
    public SchemaMismatchException(String feature, String message) {
        super(message);
        this.feature = feature;
    }

    /** @return the name of the feature that does not match */
    public String feature() {
        return feature;
    }
}
