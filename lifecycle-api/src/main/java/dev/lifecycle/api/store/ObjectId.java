package dev.lifecycle.api.store;

import java.util.Objects;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * The address of an immutable object in a {@link Store}: the lowercase hex SHA-256 of its bytes.
 *
 * @param hex 64 lowercase hex characters
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record ObjectId(String hex) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    /** Validates the form. */
    public ObjectId {
        Objects.requireNonNull(hex, "hex");
        if (!HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("Not a SHA-256 object id (64 lowercase hex characters): '" + hex + "'");
        }
    }

    @Override
    public String toString() {
        return hex;
    }
}
