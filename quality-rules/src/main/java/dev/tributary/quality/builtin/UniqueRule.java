package dev.tributary.quality.builtin;

import dev.tributary.quality.api.QualityRule;
import dev.tributary.quality.api.RuleAction;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.types.Row;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.List;

import static org.apache.flink.util.Preconditions.checkArgument;

/**
 * The key made of {@link #columns()} must be unique within each tumbling event-time window of
 * {@link #window()}: the first record with a key in a window passes, the second and later fail.
 * Windows are aligned to the epoch, like Flink's tumbling windows. Records with a null key column
 * pass (as SQL UNIQUE allows several NULLs).
 *
 * <p>Stateful: evaluated by a keyed Flink operator whose event-time timers drop each window's keys
 * when the watermark passes the window's end. A record arriving after that (late) is not compared
 * with the records already dropped.
 */
@PublicEvolving
public final class UniqueRule extends AbstractRule implements QualityRule {
    private static final long serialVersionUID = 1L;

    /** Identifier in pipeline definitions. */
    public static final String TYPE = "unique";

    private final long windowMillis;

    public UniqueRule(RecordSchema schema, String name, RuleAction action, List<String> columns, Duration window) {
        super(schema, name, action, columns);
        checkArgument(!window.isNegative() && !window.isZero(), "unique rule '%s' needs a positive window", name);
        this.windowMillis = window.toMillis();
    }

    @Override
    public String type() {
        return TYPE;
    }

    public Duration window() {
        return Duration.ofMillis(windowMillis);
    }

    /** The key of a row, or null when a key column is null (the record then passes). */
    @Nullable
    public String key(Row row) {
        return Values.key(row, positions);
    }

    /** Start of the tumbling window holding {@code timestamp}. */
    public long windowStart(long timestamp) {
        return timestamp - Math.floorMod(timestamp, windowMillis);
    }

    /** Last timestamp inside the window that starts at {@code windowStart}. */
    public long windowMaxTimestamp(long windowStart) {
        return windowStart + windowMillis - 1;
    }

    /** The violation message for a duplicate. */
    public String duplicateMessage() {
        return "duplicate " + columns() + " within a " + window() + " event-time window";
    }
}
