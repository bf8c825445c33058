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
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * A record's {@link #columns() column} must match {@link #referenceColumn()} of some record of
 * {@link #referenceDataset()}. The parent may arrive up to {@link #grace()} of event time after the
 * child: the child is held until its parent is seen (then it passes) or until the watermark passes
 * {@code child event time + grace} (then it fails). Records with a null key pass, as a SQL foreign
 * key allows.
 *
 * <p>Parent keys are remembered for {@link #parentRetention()} of event time after the parent's
 * timestamp, or for the life of the job when no retention is set (state then grows with the number
 * of distinct parent keys, which is usually a dimension and bounded).
 */
@PublicEvolving
public final class ReferentialRule extends AbstractRule implements QualityRule {
    private static final long serialVersionUID = 1L;

    /** Identifier in pipeline definitions. */
    public static final String TYPE = "referential";

    private final String referenceDataset;
    private final String referenceColumn;
    private final long graceMillis;
    private final long parentRetentionMillis;

    public ReferentialRule(
            RecordSchema schema,
            String name,
            RuleAction action,
            String column,
            String referenceDataset,
            String referenceColumn,
            Duration grace,
            @Nullable Duration parentRetention) {
        super(schema, name, action, List.of(column));
        this.referenceDataset = checkNotNull(referenceDataset, "referenceDataset");
        this.referenceColumn = checkNotNull(referenceColumn, "referenceColumn");
        checkArgument(!grace.isNegative(), "referential rule '%s' needs a grace >= 0", name);
        checkArgument(parentRetention == null || !parentRetention.isNegative() && !parentRetention.isZero(),
                "referential rule '%s' needs a positive parent retention", name);
        this.graceMillis = grace.toMillis();
        this.parentRetentionMillis = parentRetention == null ? -1 : parentRetention.toMillis();
    }

    @Override
    public String type() {
        return TYPE;
    }

    public String referenceDataset() {
        return referenceDataset;
    }

    public String referenceColumn() {
        return referenceColumn;
    }

    public Duration grace() {
        return Duration.ofMillis(graceMillis);
    }

    /** How long a parent key is remembered, or null for the life of the job. */
    @Nullable
    public Duration parentRetention() {
        return parentRetentionMillis < 0 ? null : Duration.ofMillis(parentRetentionMillis);
    }

    /** The child's key, or null when the column is null (the record then passes). */
    @Nullable
    public String key(Row row) {
        return Values.key(row, positions);
    }

    /** The violation message for a child whose parent did not arrive in time. */
    public String missingParentMessage() {
        return "no " + referenceDataset + "." + referenceColumn + " matching column '" + columns().get(0)
                + "' arrived within " + grace() + " of event time";
    }
}
