package dev.tributary.jobs.definition;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * A built-in building block used as a model: its identifier ({@code interval-join}, {@code scd2},
 * {@code revenue-marts}), which table plays each of its input roles, and its options.
 */
@PublicEvolving
public final class BlockDef implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String identifier;
    private final Map<String, String> inputs;
    private final Map<String, String> options;

    public BlockDef(String identifier, Map<String, String> inputs, Map<String, String> options) {
        this.identifier = checkNotNull(identifier, "identifier");
        this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public String identifier() {
        return identifier;
    }

    /** Role (e.g. {@code versions}) to table name. */
    public Map<String, String> inputs() {
        return inputs;
    }

    public Map<String, String> options() {
        return options;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockDef && identifier.equals(((BlockDef) o).identifier)
                && inputs.equals(((BlockDef) o).inputs) && options.equals(((BlockDef) o).options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(identifier, inputs, options);
    }

    @Override
    public String toString() {
        return identifier + inputs + options;
    }
}
