package dev.tributary.jobs.blocks;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;

import org.apache.flink.annotation.Internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Column types written as text ({@code DECIMAL(18, 2) NOT NULL}) and conversions between numeric results. */
@Internal
public final class FieldTypes {
    /** What a type text may be, for error messages. */
    public static final String EXPECTED = "a column type: STRING, BOOLEAN, INT, LONG, DOUBLE, DECIMAL(p, s), TIMESTAMP, DATE"
            + " (optionally NOT NULL)";
    private static final Pattern TYPE = Pattern.compile(
            "\\s*([A-Za-z]+)\\s*(?:\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\))?\\s*(NOT\\s+NULL)?\\s*", Pattern.CASE_INSENSITIVE);

    private FieldTypes() {}

    /** Parses a type text into a field named {@code name}; throws IllegalArgumentException naming what was expected. */
    public static Field parse(String name, String text) {
        Matcher m = TYPE.matcher(text);
        FieldType t = null;
        if (m.matches()) {
            try {
                t = FieldType.valueOf(m.group(1).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                t = null;
            }
        }
        if (t == null || (m.group(2) != null) != (t == FieldType.DECIMAL)) {
            throw new IllegalArgumentException("type '" + text + "': expected " + EXPECTED);
        }
        boolean required = m.group(4) != null;
        if (t == FieldType.DECIMAL) {
            int p = Integer.parseInt(m.group(2));
            int s = Integer.parseInt(m.group(3));
            if (p < 1 || p > 38 || s > p) {
                throw new IllegalArgumentException("type '" + text + "': expected DECIMAL(p, s) with 1 <= p <= 38 and 0 <= s <= p");
            }
            return Field.decimal(name, required, p, s);
        }
        return required ? Field.required(name, t) : Field.optional(name, t);
    }

    /** The type as text, as {@link #parse} reads it. */
    public static String describe(Field f) {
        String t = f.type() == FieldType.DECIMAL ? "DECIMAL(" + f.precision() + ", " + f.scale() + ")" : f.type().name();
        return f.isRequired() ? t + " NOT NULL" : t;
    }

    static boolean isNumeric(FieldType t) {
        return t == FieldType.INT || t == FieldType.LONG || t == FieldType.DOUBLE || t == FieldType.DECIMAL;
    }

    /** A numeric value (Integer, Long, Double, BigDecimal) as the Java class of {@code to}, rounding HALF_EVEN. */
    static Object convert(Object v, Field to) {
        if (v == null) {
            return null;
        }
        switch (to.type()) {
            case INT:
                return Math.toIntExact(((Number) v).longValue());
            case LONG:
                return ((Number) v).longValue();
            case DOUBLE:
                return ((Number) v).doubleValue();
            case DECIMAL:
                BigDecimal d = v instanceof BigDecimal ? (BigDecimal) v
                        : v instanceof Double ? BigDecimal.valueOf((Double) v) : BigDecimal.valueOf(((Number) v).longValue());
                d = d.setScale(to.scale(), RoundingMode.HALF_EVEN);
                if (d.precision() > to.precision()) {
                    throw new ArithmeticException("value " + d + " does not fit " + describe(to) + " of column '" + to.name() + "'");
                }
                return d;
            default:
                return v;
        }
    }

    /** A literal default value of a column, parsed from text. */
    static Object literal(String text, Field f) {
        switch (f.type()) {
            case STRING:
                return text;
            case BOOLEAN:
                return Boolean.parseBoolean(text);
            case INT:
                return Integer.parseInt(text.trim());
            case LONG:
                return Long.parseLong(text.trim());
            case DOUBLE:
                return Double.parseDouble(text.trim());
            case DECIMAL:
                return new BigDecimal(text.trim()).setScale(f.scale(), RoundingMode.HALF_EVEN);
            case TIMESTAMP:
                return Instant.parse(text.trim());
            default:
                return java.time.LocalDate.parse(text.trim());
        }
    }
}
