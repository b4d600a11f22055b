package dev.lifecycle.api.data;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Where a dataset version came from: the versions it was derived from and the operation that made it.
 *
 * @param parents ids of the parent dataset versions ({@code name@version}); empty for an import from
 *     a source with no earlier version
 * @param operation what made this version, e.g. {@code import}, {@code split}, {@code relabel}
 * @param source the external source it was read from, or {@code null} when derived
 * @param details operation parameters (seed, fraction, file digest...)
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record Lineage(List<String> parents, String operation, String source, Map<String, String> details) {

    /** Validates and copies the arguments. */
    public Lineage {
        parents = List.copyOf(parents == null ? List.of() : parents);
        Objects.requireNonNull(operation, "operation");
        details = Map.copyOf(details == null ? Map.of() : details);
    }
}
