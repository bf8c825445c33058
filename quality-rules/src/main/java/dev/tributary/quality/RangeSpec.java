package dev.tributary.quality;

import dev.tributary.quality.api.QualityRule;
import dev.tributary.quality.builtin.RangeRule;
import dev.tributary.quality.builtin.Values;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;

import javax.annotation.Nullable;

import java.util.List;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * Configures a {@link RangeRule}. Bounds may be numbers (any class, compared exactly), {@link
 * java.time.Instant}s / {@link java.time.LocalDate}s, or ISO-8601 strings for TIMESTAMP and DATE
 * columns. Set at most one lower and one upper bound.
 */
@PublicEvolving
public final class RangeSpec extends RuleSpec<RangeSpec> {
    @Nullable Object min;
    @Nullable Object minExclusive;
    @Nullable Object max;
    @Nullable Object maxExclusive;

    RangeSpec(RuleSetBuilder parent, String name, List<String> columns) {
        super(parent, name, columns);
    }

    /** Inclusive lower bound: values {@code >= min} pass. */
    public RangeSpec min(Object min) {
        this.min = checkNotNull(min, "min");
        return this;
    }

    /** Exclusive lower bound: values {@code > bound} pass. */
    public RangeSpec minExclusive(Object bound) {
        this.minExclusive = checkNotNull(bound, "minExclusive");
        return this;
    }

    /** Inclusive upper bound: values {@code <= max} pass. */
    public RangeSpec max(Object max) {
        this.max = checkNotNull(max, "max");
        return this;
    }

    /** Exclusive upper bound: values {@code < bound} pass. */
    public RangeSpec maxExclusive(Object bound) {
        this.maxExclusive = checkNotNull(bound, "maxExclusive");
        return this;
    }

    @Override
    String type() {
        return RangeRule.TYPE;
    }

    @Nullable
    @Override
    QualityRule create(RecordSchema schema, DefinitionErrors errors) {
        if (min != null && minExclusive != null) {
            errors.add(name, "keys 'min' and 'min-exclusive'", "at most one lower bound, both were set");
        }
        if (max != null && maxExclusive != null) {
            errors.add(name, "keys 'max' and 'max-exclusive'", "at most one upper bound, both were set");
        }
        if (min == null && minExclusive == null && max == null && maxExclusive == null) {
            errors.add(name, "keys 'min'/'max'", "at least one of min, min-exclusive, max, max-exclusive; none was set");
        }
        if (!validateCommon(schema, errors, 1, 1)) {
            return null;
        }
        FieldType t = field(schema).type();
        if (!Values.isNumeric(t) && t != FieldType.TIMESTAMP && t != FieldType.DATE) {
            errors.add(name, "column '" + columns.get(0) + "'",
                    "a numeric (INT, LONG, DOUBLE, DECIMAL), TIMESTAMP or DATE column, but it is " + t);
            return null;
        }
        Object low = bound(t, min != null ? min : minExclusive, min != null ? "min" : "min-exclusive", errors);
        Object high = bound(t, max != null ? max : maxExclusive, max != null ? "max" : "max-exclusive", errors);
        if (low != null && high != null && compare(low, high) > 0) {
            errors.add(name, "keys 'min'/'max'", "min <= max, got min " + low + " > max " + high);
        }
        if (errors.hasErrors(name)) {
            return null;
        }
        return new RangeRule(schema, name, action, columns.get(0), low, min != null, high, max != null);
    }

    @SuppressWarnings("unchecked")
    private static int compare(Object a, Object b) {
        return ((Comparable<Object>) a).compareTo(b);
    }

    @Nullable
    private Object bound(FieldType t, @Nullable Object raw, String key, DefinitionErrors errors) {
        if (raw == null) {
            return null;
        }
        try {
            return Values.normalize(t, raw);
        } catch (IllegalArgumentException e) {
            errors.add(name, "key '" + key + "' for " + t + " column '" + columns.get(0) + "'", DefinitionErrors.expectedPart(e));
            return null;
        }
    }
}
