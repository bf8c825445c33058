package dev.tributary.quality.builtin;

import dev.tributary.quality.api.CheckContext;
import dev.tributary.quality.api.RecordRule;
import dev.tributary.quality.api.RuleAction;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.types.Row;

import javax.annotation.Nullable;

import java.util.List;

/**
 * A record rule on one column's value. A null value passes (as in a SQL CHECK constraint: not-null is its
 * own rule) and a value of the wrong class fails with a type message; subclasses only judge present,
 * well-typed values.
 */
@Internal
abstract class SingleColumnRule extends AbstractRule implements RecordRule {
    private static final long serialVersionUID = 1L;

    SingleColumnRule(RecordSchema schema, String name, RuleAction action, String column) {
        super(schema, name, action, List.of(column));
    }

    @Nullable
    @Override
    public final String check(Row row, CheckContext context) {
        Object v = row.getField(positions[0]);
        if (v == null) {
            return null;
        }
        String typeError = Values.typeError(fields[0], v);
        return typeError != null ? typeError : checkValue(v, context);
    }

    /** Judges a non-null value of the column's type: null when it passes, else why it fails (no values: PII). */
    @Nullable
    abstract String checkValue(Object value, CheckContext context);
}
