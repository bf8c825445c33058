package dev.tributary.quality;

import dev.tributary.quality.api.QualityRule;
import dev.tributary.quality.builtin.FreshnessRule;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.List;

import static org.apache.flink.util.Preconditions.checkNotNull;

/** Configures a {@link FreshnessRule} on a TIMESTAMP column. Set max-behind and/or max-ahead. */
@PublicEvolving
public final class FreshnessSpec extends RuleSpec<FreshnessSpec> {
    @Nullable Duration maxBehind;
    @Nullable Duration maxAhead;

    FreshnessSpec(RuleSetBuilder parent, String name, List<String> columns) {
        super(parent, name, columns);
    }

    /** Fail records whose event time is more than this before "now". */
    public FreshnessSpec maxBehind(Duration maxBehind) {
        this.maxBehind = checkNotNull(maxBehind, "maxBehind");
        return this;
    }

    /** Fail records whose event time is more than this after "now" (clock skew, bad producers). */
    public FreshnessSpec maxAhead(Duration maxAhead) {
        this.maxAhead = checkNotNull(maxAhead, "maxAhead");
        return this;
    }

    @Override
    String type() {
        return FreshnessRule.TYPE;
    }

    @Nullable
    @Override
    QualityRule create(RecordSchema schema, DefinitionErrors errors) {
        if (maxBehind == null && maxAhead == null) {
            errors.missing(name, "key 'max-behind'", "a duration (or max-ahead); neither was set");
        }
        if (maxBehind != null && maxBehind.isNegative()) {
            errors.add(name, "key 'max-behind'", "a duration >= 0, got " + maxBehind);
        }
        if (maxAhead != null && maxAhead.isNegative()) {
            errors.add(name, "key 'max-ahead'", "a duration >= 0, got " + maxAhead);
        }
        if (validateCommon(schema, errors, 1, 1) && field(schema).type() != FieldType.TIMESTAMP) {
            errors.add(name, "column '" + columns.get(0) + "'", "a TIMESTAMP column, but it is " + field(schema).type());
        }
        return errors.hasErrors(name) ? null
                : new FreshnessRule(schema, name, action, columns.get(0), maxBehind, maxAhead);
    }
}
