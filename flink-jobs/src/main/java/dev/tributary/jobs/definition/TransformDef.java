package dev.tributary.jobs.definition;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import static org.apache.flink.util.Preconditions.checkNotNull;

/** A custom transform applied to one named input: the factory identifier and its options. */
@PublicEvolving
public final class TransformDef implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String identifier;
    private final String input;
    private final Map<String, String> options;

    public TransformDef(String identifier, String input, Map<String, String> options) {
        this.identifier = checkNotNull(identifier, "identifier");
        this.input = checkNotNull(input, "input");
        this.options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public String identifier() {
        return identifier;
    }

    public String input() {
        return input;
    }

    public Map<String, String> options() {
        return options;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransformDef && identifier.equals(((TransformDef) o).identifier)
                && input.equals(((TransformDef) o).input) && options.equals(((TransformDef) o).options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(identifier, input, options);
    }

    @Override
    public String toString() {
        return identifier + "(" + input + ")" + options;
    }
}
