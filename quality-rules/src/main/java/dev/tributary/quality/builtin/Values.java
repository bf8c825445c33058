package dev.tributary.quality.builtin;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;

import org.apache.flink.annotation.Internal;
import org.apache.flink.types.Row;

import javax.annotation.Nullable;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.StringJoiner;

/**
 * Value helpers shared by the built-in rules: type checks against the declared schema, conversion of
 * numbers to a single comparable class, and canonical key strings for keyed rules.
 *
 * <p>Violation messages never contain record values, so the quarantine reason cannot leak PII that
 * the caller's renderer masks.
 */
@Internal
public final class Values {

    private Values() {}

    /** True for INT, LONG, DOUBLE and DECIMAL. */
    public static boolean isNumeric(FieldType t) {
        return t == FieldType.INT || t == FieldType.LONG || t == FieldType.DOUBLE || t == FieldType.DECIMAL;
    }

    /** A message when {@code value} is not of the field's declared Java class, else null. */
    @Nullable
    public static String typeError(Field field, Object value) {
        if (field.type().javaClass().isInstance(value)) {
            return null;
        }
        return "column '" + field.name() + "' holds a " + value.getClass().getSimpleName()
                + ", expected " + field.type();
    }

    /**
     * Converts a bound or value to the class compared for a column type: BigDecimal for numeric
     * columns, Instant for TIMESTAMP, LocalDate for DATE, else the value itself.
     *
     * @throws IllegalArgumentException saying what was expected
     */
    public static Object normalize(FieldType type, Object value) {
        if (isNumeric(type)) {
            if (value instanceof BigDecimal) {
                return value;
            }
            if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
                return BigDecimal.valueOf(((Number) value).longValue());
            }
            if (value instanceof Double || value instanceof Float) {
                double d = ((Number) value).doubleValue();
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException("expected a finite number, got " + d);
                }
                return BigDecimal.valueOf(d);
            }
            if (value instanceof String) {
                try {
                    return new BigDecimal(((String) value).trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected a number, got '" + value + "'");
                }
            }
            throw new IllegalArgumentException("expected a number, got " + describe(value));
        }
        switch (type) {
            case TIMESTAMP:
                if (value instanceof Instant) {
                    return value;
                }
                if (value instanceof String) {
                    try {
                        return Instant.parse(((String) value).trim());
                    } catch (RuntimeException e) {
                        throw new IllegalArgumentException(
                                "expected an ISO-8601 instant such as 2024-01-31T00:00:00Z, got '" + value + "'");
                    }
                }
                throw new IllegalArgumentException("expected an ISO-8601 instant, got " + describe(value));
            case DATE:
                if (value instanceof LocalDate) {
                    return value;
                }
                if (value instanceof String) {
                    try {
                        return LocalDate.parse(((String) value).trim());
                    } catch (RuntimeException e) {
                        throw new IllegalArgumentException(
                                "expected an ISO-8601 date such as 2024-01-31, got '" + value + "'");
                    }
                }
                throw new IllegalArgumentException("expected an ISO-8601 date, got " + describe(value));
            case BOOLEAN:
                if (value instanceof Boolean) {
                    return value;
                }
                if ("true".equalsIgnoreCase(String.valueOf(value)) || "false".equalsIgnoreCase(String.valueOf(value))) {
                    return Boolean.valueOf(String.valueOf(value).toLowerCase());
                }
                throw new IllegalArgumentException("expected true or false, got " + describe(value));
            case STRING:
                if (value instanceof String) {
                    return value;
                }
                throw new IllegalArgumentException("expected a string, got " + describe(value));
            default:
                throw new IllegalArgumentException("unsupported column type " + type);
        }
    }

    /** A short description of a configuration value's class and value, for error messages. */
    public static String describe(Object value) {
        return value == null ? "nothing" : value.getClass().getSimpleName() + " " + value;
    }

    /**
     * A canonical string for a key value, so that equal keys compare equal across numeric classes
     * and decimal scales ({@code 5}, {@code 5L} and {@code 5.00} are the same key).
     */
    public static String keyPart(Object value) {
        if (value instanceof BigDecimal) {
            BigDecimal d = ((BigDecimal) value).stripTrailingZeros();
            return d.signum() == 0 ? "0" : d.toPlainString();
        }
        if (value instanceof Integer || value instanceof Long) {
            return value.toString();
        }
        if (value instanceof Double) {
            return keyPart(BigDecimal.valueOf((Double) value));
        }
        return String.valueOf(value);
    }

    /** The key made of the given positions, or null when any of them is null. */
    @Nullable
    public static String key(Row row, int[] positions) {
        if (positions.length == 1) {
            Object v = row.getField(positions[0]);
            return v == null ? null : keyPart(v);
        }
        StringJoiner j = new StringJoiner("\u001f");
        for (int p : positions) {
            Object v = row.getField(p);
            if (v == null) {
                return null;
            }
            j.add(keyPart(v));
        }
        return j.toString();
    }
}
