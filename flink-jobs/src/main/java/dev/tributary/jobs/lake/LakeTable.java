package dev.tributary.jobs.lake;

import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.core.fs.Path;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * One table of the lake, as every layer describes it to {@link LakeSinks#write}: where it belongs (layer, an
 * optional side group such as {@code _quarantine} or {@code _late}, a name), what its rows are (a
 * {@link RecordSchema}, a prefix of each row's positions) and which column carries its event time (partitioned by
 * UTC day: a {@code <partitionName>=yyyy-MM-dd} folder in a Parquet lake, a hidden {@code day(column)} partition in
 * an Iceberg lake).
 *
 * <p>A table whose rows never fall behind the watermark (an event-time output, not {@code _late}) can ask for
 * completeness markers ({@link #withCommitMarkers}): {@code _SUCCESS} files in a Parquet lake.
 */
@PublicEvolving
public final class LakeTable implements Serializable {
    private static final long serialVersionUID = 2L;

    private final String layer;
    @Nullable private final String group;
    private final String name;
    private final RecordSchema schema;
    private final String partitionName;
    @Nullable private final String partitionColumn;
    @Nullable private final String markerUid;
    private final List<String> plainColumns;

    private LakeTable(String layer, @Nullable String group, String name, RecordSchema schema,
            String partitionName, @Nullable String partitionColumn, @Nullable String markerUid) {
        this(layer, group, name, schema, partitionName, partitionColumn, markerUid, List.of());
    }

    private LakeTable(String layer, @Nullable String group, String name, RecordSchema schema,
            String partitionName, @Nullable String partitionColumn, @Nullable String markerUid, List<String> plainColumns) {
        this.layer = checkNotNull(layer, "layer");
        this.group = group;
        this.name = checkNotNull(name, "name");
        this.schema = checkNotNull(schema, "schema");
        this.partitionName = checkNotNull(partitionName, "partitionName");
        this.partitionColumn = partitionColumn;
        this.markerUid = markerUid;
        this.plainColumns = List.copyOf(plainColumns);
        for (String c : this.plainColumns) {
            checkArgument(schema.contains(c), "table %s: column '%s' is not a column of %s", name, c, schema.fieldNames());
        }
        checkArgument(partitionColumn == null || schema.contains(partitionColumn),
                "table %s: partition column '%s' is not a column of %s", name, partitionColumn, schema.fieldNames());
    }

    /** A table {@code <layer>/<name>} partitioned by the UTC day of {@code partitionColumn} (null: unpartitioned). */
    public static LakeTable of(String layer, String name, RecordSchema schema, String partitionName,
            @Nullable String partitionColumn) {
        return new LakeTable(layer, null, name, schema, partitionName, partitionColumn, null);
    }

    /** A side table {@code <layer>/<group>/<name>} (e.g. {@code bronze/_quarantine/readings}). */
    public static LakeTable side(String layer, String group, String name, RecordSchema schema, String partitionName,
            String partitionColumn) {
        checkArgument(group.startsWith("_"), "a side group starts with '_', found '%s'", group);
        return new LakeTable(layer, group, name, schema, partitionName, partitionColumn, null);
    }

    /** The same table with completeness markers, written by an operator with the given uid. */
    public LakeTable withCommitMarkers(String uid) {
        return new LakeTable(layer, group, name, schema, partitionName, partitionColumn, checkNotNull(uid, "uid"), plainColumns);
    }

    /**
     * The same table with the given columns written without dictionary encoding (Parquet lake). Meant for columns
     * whose values (nearly) never repeat, e.g. a bronze table's de-duplication key: a dictionary saves nothing on
     * them, and filling it costs a hash probe with byte-wise comparisons per value until it overflows (it was ~40 %
     * of Parquet's row-writing CPU in bronze, benchmarks/README.md, session 5). Readers see plain pages; nothing
     * else about the files changes.
     */
    public LakeTable withoutDictionary(List<String> columns) {
        return new LakeTable(layer, group, name, schema, partitionName, partitionColumn, markerUid, columns);
    }

    /** Columns written without dictionary encoding (empty: every column may use a dictionary). */
    public List<String> plainColumns() {
        return plainColumns;
    }

    public String layer() {
        return layer;
    }

    /** {@code _quarantine}, {@code _late}, or null for a main table of the layer. */
    @Nullable
    public String group() {
        return group;
    }

    public String name() {
        return name;
    }

    /**
     * The table's name inside its layer for catalogs (one level): {@code readings}, {@code _quarantine_readings}.
     */
    public String flatName() {
        // a nested side name (_late/<model>/<input>) becomes one level: _late_<model>__<input>
        return group == null ? name : group + "_" + name.replace("/", "__");
    }

    public RecordSchema schema() {
        return schema;
    }

    public String partitionName() {
        return partitionName;
    }

    @Nullable
    public String partitionColumn() {
        return partitionColumn;
    }

    public boolean hasCommitMarkers() {
        return markerUid != null;
    }

    @Nullable
    public String markerUid() {
        return markerUid;
    }

    /** The table's folder in a Parquet lake under {@code lake}. */
    public Path path(LakeLayout lake) {
        return new Path(lake.root() + "/" + layer + (group == null ? "" : "/" + group) + "/" + name);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LakeTable)) {
            return false;
        }
        LakeTable t = (LakeTable) o;
        return layer.equals(t.layer) && Objects.equals(group, t.group) && name.equals(t.name) && schema.equals(t.schema)
                && partitionName.equals(t.partitionName) && Objects.equals(partitionColumn, t.partitionColumn)
                && Objects.equals(markerUid, t.markerUid) && plainColumns.equals(t.plainColumns);
    }

    @Override
    public int hashCode() {
        return Objects.hash(layer, group, name, partitionColumn);
    }

    @Override
    public String toString() {
        return layer + (group == null ? "" : "/" + group) + "/" + name;
    }
}
