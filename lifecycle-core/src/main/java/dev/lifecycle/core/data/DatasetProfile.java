package dev.lifecycle.core.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifecycle.api.data.ColumnRole;
import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.core.internal.ColumnarDataset;
import dev.lifecycle.core.internal.Column;
import dev.lifecycle.core.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;

/**
 * The profile of a dataset: its row count and one {@link ColumnProfile} per column, computed in one
 * pass. Profiles merge: the profile of many chunks merged equals the profile of their union (see
 * {@link ColumnProfile}). Immutable.
 *
 * <p>JSON form ({@link #toJson()}, schema version {@value #SCHEMA_VERSION}):
 * <pre>{@code
 * {"format": "lifecycle.profile", "schemaVersion": 2, "rows": 32561,
 *  "columns": [
 *    {"name": "age", "kind": "numeric", "count": 32561, "missing": 0, "min": 17.0, "max": 90.0,
 *     "mean": 38.58, "m2": 6.08e6, "variance": 186.1, "distinct": 73, "rankError": 0.0133,
 *     "quantiles": {"0.01": ..., "0.25": ..., "0.5": ..., "0.75": ..., "0.99": ...},
 *     "histogram": {"edges": [...], "counts": [...]},
 *     "sketches": {"distinct": "<base64 distinct-count sketch>", "kll": ["<base64 KLL k=200, level 0>", null, ...]}},
 *    {"name": "workclass", "kind": "categorical", "count": 30725, "missing": 1836, "distinct": 8,
 *     "counts": {"Federal-gov": 960, ...}}]}
 * }</pre>
 * A profile of a dataset whose columns have roles also holds {@code "roles": {"id": "IDENTIFIER",
 * "income": "TARGET", ...}} (columns not named are features).
 * {@code quantiles} and {@code histogram} are derived for readers and ignored when read back; the
 * other fields and the sketches are the state. Unknown fields are ignored, so later schema versions
 * may add fields. Schema version 1 had a DataSketches HLL_8 sketch ({@code "hll"}) where version 2 has
 * {@code "distinct"}: such profiles are still read and written back as they were, and merge with each
 * other, but not with profiles of version 2, whose distinct counts hash values differently.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class DatasetProfile {
    /** The version of the JSON schema this class writes. */
    public static final int SCHEMA_VERSION = 2;
    private static final double[] REPORTED_QUANTILES = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};

    private final long rows;
    private final Map<String, ColumnProfile> columns;
    private final Map<String, ColumnRole> roles;

    /**
     * @param rows the number of rows
     * @param columns the column profiles, in column order; names must match their keys
     */
    public DatasetProfile(long rows, List<ColumnProfile> columns) {
        this(rows, columns, Map.of());
    }

    /**
     * @param rows the number of rows
     * @param columns the column profiles, in column order; names must match their keys
     * @param roles the roles of profiled columns that are not features (the target, identifiers, ...)
     */
    public DatasetProfile(long rows, List<ColumnProfile> columns, Map<String, ColumnRole> roles) {
        Map<String, ColumnRole> r = new java.util.TreeMap<>(roles);
        r.values().removeIf(v -> v == ColumnRole.FEATURE);
        this.roles = Collections.unmodifiableMap(r);
        if (rows < 0) {
            throw new IllegalArgumentException("A profile cannot have a negative row count");
        }
        Map<String, ColumnProfile> m = new LinkedHashMap<>();
        for (ColumnProfile c : columns) {
            if (m.put(c.column(), c) != null) {
                throw new IllegalArgumentException("Column '" + c.column() + "' is profiled twice");
            }
        }
        this.rows = rows;
        this.columns = Collections.unmodifiableMap(m);
    }

    /**
     * @return the profile of a dataset version; when it is large, the calling thread and the common
     *     fork-join pool's workers take its columns one at a time
     */
    public static DatasetProfile of(DatasetVersion data) {
        var d = ColumnarDataset.of(data);
        List<Field> fields = d.schema().fields();
        ColumnProfile[] out = new ColumnProfile[fields.size()];
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < out.length; i = next.getAndIncrement()) {
                out[i] = profile(fields.get(i).name(), d.columns().get(i));
            }
        };
        int helpers = (long) d.size() * out.length >= 1 << 20
                ? Math.min(out.length - 1, ForkJoinPool.getCommonPoolParallelism()) : 0;
        List<ForkJoinTask<?>> tasks = new ArrayList<>(helpers);
        for (int h = 0; h < helpers; h++) {
            tasks.add(ForkJoinPool.commonPool().submit(worker));
        }
        worker.run();
        tasks.forEach(ForkJoinTask::join);
        Map<String, ColumnRole> roles = new LinkedHashMap<>(d.schema().roles());
        if (d.schema().target() != null) {
            roles.put(d.schema().target(), ColumnRole.TARGET);
        }
        return new DatasetProfile(d.size(), List.of(out), roles);
    }

    static ColumnProfile profile(String name, Column c) {
        if (c instanceof Column.Numeric n) {
            return NumericProfile.of(name, n.values());
        }
        if (c instanceof Column.Coded coded) {
            return CategoricalProfile.ofCodes(name, coded.codes(), coded.dictionary());
        }
        return CategoricalProfile.of(name, java.util.Arrays.asList(((Column.Text) c).values()));
    }

    /** @return the number of rows */
    public long rows() {
        return rows;
    }

    /** @return the column profiles by name, in column order */
    public Map<String, ColumnProfile> columns() {
        return columns;
    }

    /** @return the roles of the profiled columns that are not features (columns not named are features) */
    public Map<String, ColumnRole> roles() {
        return roles;
    }

    /** @return the names of the profiled feature columns, in column order: what a monitor watches by default */
    public List<String> features() {
        List<String> out = new ArrayList<>();
        for (String c : columns.keySet()) {
            if (!roles.containsKey(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * @return the profile of a column
     * @throws IllegalArgumentException naming the known columns when there is none
     */
    public ColumnProfile column(String name) {
        ColumnProfile c = columns.get(name);
        if (c == null) {
            throw new IllegalArgumentException("The profile has no column '" + name + "'; it has " + columns.keySet());
        }
        return c;
    }

    /** @return the numeric profile of a column */
    public NumericProfile numeric(String name) {
        if (column(name) instanceof NumericProfile n) {
            return n;
        }
        throw new IllegalArgumentException("Column '" + name + "' is categorical; use categorical(\"" + name + "\")");
    }

    /** @return the categorical profile of a column */
    public CategoricalProfile categorical(String name) {
        if (column(name) instanceof CategoricalProfile c) {
            return c;
        }
        throw new IllegalArgumentException("Column '" + name + "' is numeric; use numeric(\"" + name + "\")");
    }

    /**
     * @return the profile of the rows of both; columns only one side has are kept as they are
     * @throws IllegalArgumentException when a column is numeric on one side and categorical on the other
     */
    public DatasetProfile merge(DatasetProfile other) {
        Objects.requireNonNull(other, "other");
        List<ColumnProfile> out = new ArrayList<>();
        for (ColumnProfile c : columns.values()) {
            ColumnProfile o = other.columns.get(c.column());
            out.add(o == null ? c : c.merge(o));
        }
        for (ColumnProfile o : other.columns.values()) {
            if (!columns.containsKey(o.column())) {
                out.add(o);
            }
        }
        Map<String, ColumnRole> r = new LinkedHashMap<>(other.roles);
        r.putAll(roles);
        return new DatasetProfile(rows + other.rows, out, r);
    }

    /** @return the JSON form described in the class comment */
    public String toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", "lifecycle.profile");
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("rows", rows);
        ArrayNode cols = root.putArray("columns");
        Base64.Encoder b64 = Base64.getEncoder();
        for (ColumnProfile c : columns.values()) {
            ObjectNode o = cols.addObject();
            o.put("name", c.column());
            o.put("kind", c instanceof NumericProfile ? "numeric" : "categorical");
            o.put("count", c.count());
            o.put("missing", c.missing());
            o.put("distinct", c.distinct());
            if (c instanceof NumericProfile n) {
                if (n.count() > 0) {
                    o.put("min", n.min());
                    o.put("max", n.max());
                    o.put("mean", n.mean());
                    o.put("m2", n.m2());
                    o.put("variance", n.variance());
                    ObjectNode q = o.putObject("quantiles");
                    for (double r : REPORTED_QUANTILES) {
                        q.put(Double.toString(r), n.quantile(r));
                    }
                    NumericProfile.Histogram h = n.histogram(10);
                    ObjectNode hist = o.putObject("histogram");
                    ArrayNode edges = hist.putArray("edges");
                    for (double e : h.edges()) {
                        edges.add(e);
                    }
                    ArrayNode counts = hist.putArray("counts");
                    for (double e : h.counts()) {
                        counts.add(Math.round(e));
                    }
                }
                o.put("rankError", n.rankError());
                ObjectNode sk = o.putObject("sketches");
                byte[] distinct = n.distinctBytes();
                if (distinct != null) {
                    sk.put("distinct", b64.encodeToString(distinct));
                } else {
                    sk.put("hll", b64.encodeToString(n.legacyHllBytes()));
                }
                ArrayNode kll = sk.putArray("kll");
                for (byte[] level : n.levelBytes()) {
                    if (level == null) {
                        kll.addNull();
                    } else {
                        kll.add(b64.encodeToString(level));
                    }
                }
            } else {
                ObjectNode counts = o.putObject("counts");
                ((CategoricalProfile) c).counts().forEach(counts::put);
            }
        }
        if (!roles.isEmpty()) {
            ObjectNode r = root.putObject("roles");
            roles.forEach((k, v) -> r.put(k, v.name()));
        }
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write a profile as JSON", e);
        }
    }

    /**
     * @return the profile written by {@link #toJson()}
     * @throws IllegalArgumentException when the text is not a profile of a schema version this code reads
     */
    public static DatasetProfile fromJson(String json) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a JSON profile: " + e.getMessage(), e);
        }
        if (!"lifecycle.profile".equals(root.path("format").asText())) {
            throw new IllegalArgumentException("Not a Lifecycle profile: the 'format' field is not 'lifecycle.profile'");
        }
        int version = root.path("schemaVersion").asInt(-1);
        if (version < 1 || version > SCHEMA_VERSION) {
            throw new IllegalArgumentException("Profile schema version " + version + " is not readable by this"
                    + " Lifecycle (reads 1.." + SCHEMA_VERSION + "); upgrade Lifecycle");
        }
        Base64.Decoder b64 = Base64.getDecoder();
        List<ColumnProfile> cols = new ArrayList<>();
        for (JsonNode o : root.path("columns")) {
            String name = o.path("name").asText();
            long count = o.path("count").asLong();
            long missing = o.path("missing").asLong();
            if ("numeric".equals(o.path("kind").asText())) {
                List<byte[]> levels = new ArrayList<>();
                for (JsonNode l : o.path("sketches").path("kll")) {
                    levels.add(l.isNull() ? null : b64.decode(l.asText()));
                }
                JsonNode distinct = o.path("sketches").path("distinct");
                JsonNode hll = o.path("sketches").path("hll");
                if (!distinct.isTextual() && !hll.isTextual()) {
                    throw new IllegalArgumentException("Column '" + name + "' of the profile has no distinct-count"
                            + " sketch ('sketches.distinct', or 'sketches.hll' in schema version 1)");
                }
                cols.add(NumericProfile.restore(name, count, missing, o.path("min").asDouble(),
                        o.path("max").asDouble(), o.path("mean").asDouble(), o.path("m2").asDouble(),
                        distinct.isTextual() ? b64.decode(distinct.asText()) : null,
                        distinct.isTextual() ? null : b64.decode(hll.asText()), levels));
            } else {
                Map<String, Long> counts = new LinkedHashMap<>();
                o.path("counts").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
                cols.add(new CategoricalProfile(name, missing, counts));
            }
        }
        Map<String, ColumnRole> roles = new LinkedHashMap<>();
        root.path("roles").fields().forEachRemaining(e -> {
            try {
                roles.put(e.getKey(), ColumnRole.valueOf(e.getValue().asText()));
            } catch (IllegalArgumentException unknown) {
                roles.put(e.getKey(), ColumnRole.IGNORED);
            }
        });
        return new DatasetProfile(root.path("rows").asLong(), cols, roles);
    }

    @Override
    public String toString() {
        return "DatasetProfile{rows=" + rows + ", columns=" + columns.values() + "}";
    }
}
