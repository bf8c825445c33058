package dev.tributary.jobs.definition.yaml;

import org.apache.flink.annotation.PublicEvolving;

import java.util.Objects;

/**
 * One problem in a pipeline definition: where (file, line, column, field path), what was found and what
 * was expected. Rendered as {@code file:line:column: path: found X; expected Y}.
 */
@PublicEvolving
public final class DefinitionError {
    private final String file;
    private final int line;
    private final int column;
    private final String path;
    private final String found;
    private final String expected;

    public DefinitionError(String file, int line, int column, String path, String found, String expected) {
        this.file = file;
        this.line = line;
        this.column = column;
        this.path = path;
        this.found = found;
        this.expected = expected;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** Dotted field path, e.g. {@code sources.readings.event-time.column}; empty for the document. */
    public String path() {
        return path;
    }

    public String found() {
        return found;
    }

    public String expected() {
        return expected;
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + (path.isEmpty() ? "" : path + ": ") + "found " + found
                + "; expected " + expected;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DefinitionError && toString().equals(o.toString());
    }

    @Override
    public int hashCode() {
        return Objects.hash(toString());
    }
}
