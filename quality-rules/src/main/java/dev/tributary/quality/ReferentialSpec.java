package dev.tributary.quality;

import dev.tributary.quality.api.QualityRule;
import dev.tributary.quality.builtin.ReferentialRule;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.List;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * Configures a {@link ReferentialRule}. The reference stream is supplied when the rule set is
 * applied to a job, under the reference dataset's name; its column is resolved then.
 */
@PublicEvolving
public final class ReferentialSpec extends RuleSpec<ReferentialSpec> {
    @Nullable String referenceDataset;
    @Nullable String referenceColumn;
    Duration grace = Duration.ZERO;
    @Nullable Duration parentRetention;

    ReferentialSpec(RuleSetBuilder parent, String name, List<String> columns) {
        super(parent, name, columns);
    }

    /** The parent dataset and its key column. Required. */
    public ReferentialSpec references(String dataset, String column) {
        this.referenceDataset = checkNotNull(dataset, "reference dataset");
        this.referenceColumn = checkNotNull(column, "reference column");
        return this;
    }

    /** How much event time the parent may arrive after the child; default zero. */
    public ReferentialSpec grace(Duration grace) {
        this.grace = checkNotNull(grace, "grace");
        return this;
    }

    /** How long a seen parent key is remembered; default for the life of the job. */
    public ReferentialSpec parentRetention(Duration retention) {
        this.parentRetention = checkNotNull(retention, "parentRetention");
        return this;
    }

    @Override
    String type() {
        return ReferentialRule.TYPE;
    }

    @Nullable
    @Override
    QualityRule create(RecordSchema schema, DefinitionErrors errors) {
        if (referenceDataset == null || referenceDataset.isBlank()) {
            errors.missing(name, "key 'reference-dataset'", "the name of the parent dataset; none was set");
        }
        if (referenceColumn == null || referenceColumn.isBlank()) {
            errors.missing(name, "key 'reference-column'", "the parent dataset's key column; none was set");
        }
        if (grace.isNegative()) {
            errors.add(name, "key 'grace'", "a duration >= 0, got " + grace);
        }
        if (parentRetention != null && (parentRetention.isZero() || parentRetention.isNegative())) {
            errors.add(name, "key 'parent-retention'", "a positive duration, got " + parentRetention);
        }
        validateCommon(schema, errors, 1, 1);
        return errors.hasErrors(name) ? null : new ReferentialRule(schema, name, action, columns.get(0),
                referenceDataset, referenceColumn, grace, parentRetention);
    }
}
