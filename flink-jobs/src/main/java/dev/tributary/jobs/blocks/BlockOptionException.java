package dev.tributary.jobs.blocks;

import org.apache.flink.annotation.PublicEvolving;

/** A block option that is wrong: its key (dotted, as under {@code options}) and what was expected. */
@PublicEvolving
public final class BlockOptionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public BlockOptionException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The option key, e.g. {@code aggregates.paid.filter}. */
    public String key() {
        return key;
    }
}
