package dev.tributary.quality;

import dev.tributary.quality.api.QualityRule;
import dev.tributary.quality.builtin.NotNullRule;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;

import javax.annotation.Nullable;

import java.util.List;

/** Configures a {@link NotNullRule}. */
@PublicEvolving
public final class NotNullSpec extends RuleSpec<NotNullSpec> {

    NotNullSpec(RuleSetBuilder parent, String name, List<String> columns) {
        super(parent, name, columns);
    }

    @Override
    String type() {
        return NotNullRule.TYPE;
    }

    @Nullable
    @Override
    QualityRule create(RecordSchema schema, DefinitionErrors errors) {
        validateCommon(schema, errors, 1, Integer.MAX_VALUE);
        return errors.hasErrors(name) ? null : new NotNullRule(schema, name, action, columns);
    }
}
