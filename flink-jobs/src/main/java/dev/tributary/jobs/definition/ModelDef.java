package dev.tributary.jobs.definition;

import org.apache.flink.annotation.PublicEvolving;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * A silver model or gold mart: a named table computed from named inputs (bronze datasets, other models)
 * by Flink SQL, by a custom {@link TransformDef transform}, or by a built-in {@link BlockDef block}, landed under {@code <lake>/<layer>/<name>}
 * partitioned by the date of a TIMESTAMP column.
 */
@PublicEvolving
public final class ModelDef implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The lake layer a model lands in. */
    @PublicEvolving
    public enum Layer {
        SILVER,
        GOLD;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final String name;
    private final Layer layer;
    @Nullable private final String sql;
    @Nullable private final TransformDef transform;
    @Nullable private final BlockDef block;
    @Nullable private final String partitionBy;
    private final List<String> inputs;

    public ModelDef(String name, Layer layer, @Nullable String sql, @Nullable TransformDef transform,
            @Nullable String partitionBy, List<String> inputs) {
        this(name, layer, sql, transform, null, partitionBy, inputs);
    }

    public ModelDef(String name, Layer layer, @Nullable String sql, @Nullable TransformDef transform,
            @Nullable BlockDef block, @Nullable String partitionBy, List<String> inputs) {
        this.name = checkNotNull(name, "name");
        this.layer = checkNotNull(layer, "layer");
        checkArgument((sql != null ? 1 : 0) + (transform != null ? 1 : 0) + (block != null ? 1 : 0) == 1,
                "model '%s': set exactly one of sql, transform or block", name);
        this.sql = sql;
        this.transform = transform;
        this.block = block;
        this.partitionBy = partitionBy;
        this.inputs = List.copyOf(inputs);
    }

    public String name() {
        return name;
    }

    public Layer layer() {
        return layer;
    }

    /** The query, or null for a transform model. */
    @Nullable
    public String sql() {
        return sql;
    }

    /** The transform, or null for a SQL model. */
    @Nullable
    public TransformDef transform() {
        return transform;
    }

    /** The built-in block, or null. */
    @Nullable
    public BlockDef block() {
        return block;
    }

    /** The TIMESTAMP column whose UTC date partitions the table; null = the first TIMESTAMP column. */
    @Nullable
    public String partitionBy() {
        return partitionBy;
    }

    /** The datasets and models this model reads, in order of first mention. */
    public List<String> inputs() {
        return inputs;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ModelDef)) {
            return false;
        }
        ModelDef m = (ModelDef) o;
        return name.equals(m.name) && layer == m.layer && Objects.equals(sql, m.sql)
                && Objects.equals(transform, m.transform) && Objects.equals(block, m.block)
                && Objects.equals(partitionBy, m.partitionBy)
                && inputs.equals(m.inputs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, layer, sql, transform, block, partitionBy, inputs);
    }

    @Override
    public String toString() {
        return layer.key() + "/" + name + (sql != null ? " sql" : transform != null ? " transform " + transform : " block " + block) + " <- " + inputs;
    }
}
