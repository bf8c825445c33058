package dev.tributary.quality.builtin;

import dev.tributary.quality.api.CheckContext;
import dev.tributary.quality.api.RecordRule;
import dev.tributary.quality.api.RuleAction;
import dev.tributary.quality.api.RuleContext;
import dev.tributary.quality.internal.expression.Expression;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.types.Row;

import javax.annotation.Nullable;

/**
 * Fails a record for which a boolean SQL expression over its columns is FALSE. As in a SQL {@code
 * CHECK} constraint, an unknown result (a null operand) passes, so rules compose with not-null
 * rules instead of duplicating them. See {@link Expression} for the language.
 */
@PublicEvolving
public final class ExpressionRule extends AbstractRule implements RecordRule {
    private static final long serialVersionUID = 1L;

    /** Identifier in pipeline definitions. */
    public static final String TYPE = "expression";

    private final RecordSchema schema;
    private final String expression;
    @Nullable private transient Expression compiled;

    /**
     * @throws dev.tributary.quality.internal.expression.ExpressionException with the position of a
     *     syntax or type error
     */
    public ExpressionRule(RecordSchema schema, String name, RuleAction action, String expression) {
        this(schema, name, action, Expression.compile(expression, schema));
    }

    private ExpressionRule(RecordSchema schema, String name, RuleAction action, Expression compiled) {
        super(schema, name, action, compiled.columns());
        this.schema = schema;
        this.expression = compiled.text();
        this.compiled = compiled;
    }

    public String expression() {
        return expression;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void open(RuleContext context) {
        compiled();
    }

    private Expression compiled() {
        if (compiled == null) {
            compiled = Expression.compile(expression, schema);
        }
        return compiled;
    }

    @Nullable
    @Override
    public String check(Row row, CheckContext context) {
        Boolean result;
        try {
            result = compiled().evaluate(row);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return Boolean.FALSE.equals(result) ? "expression is false: " + expression : null;
    }
}
