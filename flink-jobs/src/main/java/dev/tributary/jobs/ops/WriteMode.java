package dev.tributary.jobs.ops;

import org.apache.flink.annotation.PublicEvolving;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What {@code run --mode} does when a fresh start finds the pipeline's tables already holding data
 * (a resumed run, from a checkpoint or savepoint, continues where it stopped and is never checked).
 */
@PublicEvolving
public enum WriteMode {
    /**
     * The default: refuse and say so. Re-running a bounded pipeline into the same lake used to land every
     * record again (20, 40, 60 rows for 20 ids); refusing is loud and loses nothing, and the user
     * chooses {@link #REPLACE} or {@link #APPEND} knowingly.
     */
    FAIL_IF_EXISTS,
    /** Delete the pipeline's tables (bronze, quarantine, late, silver, gold), then run. */
    REPLACE,
    /**
     * Add to what is there: for inputs that hold only new records (a Kafka consumer group that
     * continues, new files). The same input twice lands twice.
     */
    APPEND;

    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@code append | replace | fail-if-exists}; the message lists the values. */
    public static WriteMode parse(String value) {
        for (WriteMode m : values()) {
            if (m.key().equals(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("found '" + value + "'; expected one of "
                + Arrays.stream(values()).map(WriteMode::key).collect(Collectors.joining(", ")));
    }
}
