package dev.tributary.quality.builtin;

import dev.tributary.quality.api.CheckContext;
import dev.tributary.quality.api.RuleAction;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;

import javax.annotation.Nullable;

import java.math.BigDecimal;

import static org.apache.flink.util.Preconditions.checkArgument;

/**
 * Fails a record whose column lies outside {@code [min, max]}, each bound optional and inclusive or
 * exclusive. Works on numeric (INT, LONG, DOUBLE, DECIMAL), TIMESTAMP and DATE columns; bounds are
 * normalized with {@link Values#normalize} (numbers compare exactly as BigDecimal). A null value
 * passes (declare a not-null rule to reject it); NaN fails; infinities compare beyond any bound.
 */
@PublicEvolving
public final class RangeRule extends SingleColumnRule {
    private static final long serialVersionUID = 1L;

    /** Identifier in pipeline definitions. */
    public static final String TYPE = "range";

    @Nullable private final Comparable<Object> min;
    private final boolean minInclusive;
    @Nullable private final Comparable<Object> max;
    private final boolean maxInclusive;

    public RangeRule(
            RecordSchema schema,
            String name,
            RuleAction action,
            String column,
            @Nullable Object min,
            boolean minInclusive,
            @Nullable Object max,
            boolean maxInclusive) {
        super(schema, name, action, column);
        FieldType t = fields[0].type();
        checkArgument(Values.isNumeric(t) || t == FieldType.TIMESTAMP || t == FieldType.DATE,
                "range rule '%s' needs a numeric, TIMESTAMP or DATE column, '%s' is %s", name, column, t);
        checkArgument(min != null || max != null, "range rule '%s' needs a min and/or a max", name);
        this.min = min == null ? null : comparable(Values.normalize(t, min));
        this.max = max == null ? null : comparable(Values.normalize(t, max));
        this.minInclusive = minInclusive;
        this.maxInclusive = maxInclusive;
    }

    @SuppressWarnings("unchecked")
    private static Comparable<Object> comparable(Object o) {
        return (Comparable<Object>) o;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Nullable
    @Override
    String checkValue(Object v, CheckContext context) {
        if (v instanceof Double) {
            double d = (Double) v;
            if (Double.isNaN(d)) {
                return "column '" + columns().get(0) + "' is NaN";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? (max == null ? null : aboveMessage()) : (min == null ? null : belowMessage());
            }
        }
        Object value = Values.normalize(fields[0].type(), v);
        if (min != null) {
            int c = min.compareTo(value);
            if (c > 0 || c == 0 && !minInclusive) {
                return belowMessage();
            }
        }
        if (max != null) {
            int c = max.compareTo(value);
            if (c < 0 || c == 0 && !maxInclusive) {
                return aboveMessage();
            }
        }
        return null;
    }

    private String belowMessage() {
        return "column '" + columns().get(0) + "' is " + (minInclusive ? "below minimum " : "not above ")
                + show(min);
    }

    private String aboveMessage() {
        return "column '" + columns().get(0) + "' is " + (maxInclusive ? "above maximum " : "not below ")
                + show(max);
    }

    private static String show(Object bound) {
        return bound instanceof BigDecimal ? ((BigDecimal) bound).toPlainString() : String.valueOf(bound);
    }
}
