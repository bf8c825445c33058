package dev.tributary.quality;

import dev.tributary.quality.api.QualityRule;
import dev.tributary.quality.api.RuleAction;
import dev.tributary.quality.builtin.ExpressionRule;
import dev.tributary.quality.internal.expression.ExpressionException;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;

import javax.annotation.Nullable;

import java.util.List;

/** Configures an {@link ExpressionRule}; its columns are the ones the expression reads. */
@PublicEvolving
public final class ExpressionSpec extends RuleSpec<ExpressionSpec> {
    @Nullable final String expression;

    ExpressionSpec(RuleSetBuilder parent, String name, @Nullable String expression) {
        super(parent, name, List.of());
        this.expression = expression;
    }

    @Override
    String type() {
        return ExpressionRule.TYPE;
    }

    @Nullable
    @Override
    QualityRule create(RecordSchema schema, DefinitionErrors errors) {
        validateCommon(schema, errors, 0, 0);
        if (expression == null || expression.isBlank()) {
            errors.missing(name, "key 'expression'", "a boolean SQL expression over the columns " + schema.fieldNames());
            return null;
        }
        // Compile even without an action (a placeholder is used) so that all problems are reported.
        ExpressionRule rule = null;
        try {
            rule = new ExpressionRule(schema, name, action == null ? RuleAction.WARN : action, expression);
        } catch (ExpressionException e) {
            errors.add(name, "key 'expression'", "a boolean SQL expression, but " + e.getMessage()
                    + " in: " + expression);
        }
        return errors.hasErrors(name) ? null : rule;
    }
}
