package dev.tributary.jobs.blocks;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * A column derived from two measures of the same window: {@code numerator / denominator} as a DECIMAL of the
 * declared type, rounded with the declared mode (default HALF_EVEN). A zero or null denominator gives null, or
 * zero at the declared scale when the type is declared NOT NULL.
 */
@PublicEvolving
public final class Derived implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final String numerator;
    private final String denominator;
    private final Field type;
    private final RoundingMode rounding;

    private Derived(String name, String numerator, String denominator, Field type, RoundingMode rounding) {
        this.name = name;
        this.numerator = numerator;
        this.denominator = denominator;
        this.type = type;
        this.rounding = rounding;
    }

    /**
     * @param type a DECIMAL type text, e.g. {@code DECIMAL(7, 4) NOT NULL}
     * @throws IllegalArgumentException for a type that is not DECIMAL
     */
    public static Derived ratio(String name, String numerator, String denominator, String type) {
        Field f = FieldTypes.parse(checkNotNull(name, "name"), checkNotNull(type, "type"));
        if (f.type() != FieldType.DECIMAL) {
            throw new IllegalArgumentException("derived '" + name + "': type '" + type + "'; expected DECIMAL(p, s)");
        }
        return new Derived(name, checkNotNull(numerator, "numerator"), checkNotNull(denominator, "denominator"), f,
                RoundingMode.HALF_EVEN);
    }

    public Derived rounding(RoundingMode mode) {
        return new Derived(name, numerator, denominator, type, checkNotNull(mode, "mode"));
    }

    public String name() {
        return name;
    }

    public String numerator() {
        return numerator;
    }

    public String denominator() {
        return denominator;
    }

    public Field field() {
        return type;
    }

    public RoundingMode roundingMode() {
        return rounding;
    }

    /** The ratio of two measure values (Integer, Long, Double, BigDecimal or null). */
    Object compute(Object num, Object den) {
        if (num == null || den == null || decimal(den).signum() == 0) {
            return type.isRequired() ? BigDecimal.ZERO.setScale(type.scale()) : null;
        }
        return FieldTypes.convert(decimal(num).divide(decimal(den), type.scale(), rounding), type);
    }

    private static BigDecimal decimal(Object v) {
        if (v instanceof BigDecimal) {
            return (BigDecimal) v;
        }
        return v instanceof Double ? BigDecimal.valueOf((Double) v) : BigDecimal.valueOf(((Number) v).longValue());
    }

    @Override
    public String toString() {
        return name + " = " + numerator + " / " + denominator + " as " + FieldTypes.describe(type) + " " + rounding;
    }
}
