package dev.lifecycle.core.internal;

import dev.lifecycle.api.data.Lineage;
import dev.lifecycle.api.data.Schema;
import java.util.List;

/**
 * The stored record of a dataset version; its columns are separate objects.
 *
 * @param name dataset name
 * @param version version number
 * @param digest content digest
 * @param rows row count
 * @param schema schema
 * @param columns object ids of the columns, in schema order
 * @param lineage where it came from
 * @param created ISO-8601 time of registration
 */
public record DatasetManifest(String name, int version, String digest, int rows, Schema schema, List<String> columns,
        Lineage lineage, String created) {
}
