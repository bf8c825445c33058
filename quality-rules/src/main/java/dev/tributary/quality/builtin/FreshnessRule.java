package dev.tributary.quality.builtin;

import dev.tributary.quality.api.CheckContext;
import dev.tributary.quality.api.RuleAction;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;

import javax.annotation.Nullable;

import java.time.Duration;
import java.time.Instant;

import static org.apache.flink.util.Preconditions.checkArgument;

/**
 * Fails a record whose TIMESTAMP column is more than {@code maxBehind} before, or more than {@code
 * maxAhead} after, the context's "now" ({@link CheckContext#nowMillis()}). In a Flink job "now" is
 * the record's ingestion time, so a replay decides the same way. A null value passes.
 */
@PublicEvolving
public final class FreshnessRule extends SingleColumnRule {
    private static final long serialVersionUID = 1L;

    /** Identifier in pipeline definitions. */
    public static final String TYPE = "freshness";

    @Nullable private final Duration maxBehind;
    @Nullable private final Duration maxAhead;

    public FreshnessRule(
            RecordSchema schema,
            String name,
            RuleAction action,
            String column,
            @Nullable Duration maxBehind,
            @Nullable Duration maxAhead) {
        super(schema, name, action, column);
        checkArgument(fields[0].type() == FieldType.TIMESTAMP,
                "freshness rule '%s' needs a TIMESTAMP column, '%s' is %s", name, column, fields[0].type());
        checkArgument(maxBehind != null || maxAhead != null, "freshness rule '%s' needs max-behind and/or max-ahead", name);
        checkArgument(maxBehind == null || !maxBehind.isNegative(), "max-behind must not be negative");
        checkArgument(maxAhead == null || !maxAhead.isNegative(), "max-ahead must not be negative");
        this.maxBehind = maxBehind;
        this.maxAhead = maxAhead;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Nullable
    @Override
    String checkValue(Object v, CheckContext context) {
        Instant ts = (Instant) v;
        Instant now = Instant.ofEpochMilli(context.nowMillis());
        // Compare Instants rather than epoch millis: toEpochMilli() overflows for extreme values.
        if (maxBehind != null && ts.isBefore(now.minus(maxBehind))) {
            return "column '" + columns().get(0) + "' is more than " + maxBehind + " behind now";
        }
        if (maxAhead != null && ts.isAfter(now.plus(maxAhead))) {
            return "column '" + columns().get(0) + "' is more than " + maxAhead + " ahead of now";
        }
        return null;
    }
}
