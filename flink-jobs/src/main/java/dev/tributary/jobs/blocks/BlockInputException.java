package dev.tributary.jobs.blocks;

import org.apache.flink.annotation.PublicEvolving;

/**
 * A block refusing one of its input tables (e.g. a window over a table without event time): the input's role, as
 * under {@code inputs} in YAML, so validation reports the problem at that input, and what was expected.
 */
@PublicEvolving
public final class BlockInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String role;
    private final String found;
    private final String expected;

    /** E.g. role {@code input}, found {@code table 't', which has no event time}, expected {@code a table with ...}. */
    public BlockInputException(String role, String found, String expected) {
        super(role + " " + found + "; expected " + expected);
        this.role = role;
        this.found = found;
        this.expected = expected;
    }

    /** The input role, e.g. {@code input}, {@code left}. */
    public String role() {
        return role;
    }

    public String found() {
        return found;
    }

    public String expected() {
        return expected;
    }
}
