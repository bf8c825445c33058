package dev.tributary.transforms.api;

import org.apache.flink.annotation.PublicEvolving;

/**
 * The column types a Tributary dataset can declare. Each maps to one Java value class carried in a
 * {@link org.apache.flink.types.Row} and to one Parquet type in the lake.
 */
@PublicEvolving
public enum FieldType {
    /** UTF-8 text; Java {@link String}. */
    STRING(String.class),
    /** Java {@link Boolean}. */
    BOOLEAN(Boolean.class),
    /** 32-bit integer; Java {@link Integer}. */
    INT(Integer.class),
    /** 64-bit integer; Java {@link Long}. */
    LONG(Long.class),
    /** 64-bit float; Java {@link Double}. */
    DOUBLE(Double.class),
    /** Exact decimal with declared precision and scale (money); Java {@link java.math.BigDecimal}. */
    DECIMAL(java.math.BigDecimal.class),
    /** An instant on the UTC time line, millisecond precision; Java {@link java.time.Instant}. */
    TIMESTAMP(java.time.Instant.class),
    /** A calendar date; Java {@link java.time.LocalDate}. */
    DATE(java.time.LocalDate.class);

    private final Class<?> javaClass;

    FieldType(Class<?> javaClass) {
        this.javaClass = javaClass;
    }

    /** The Java class of values of this type inside a row. */
    public Class<?> javaClass() {
        return javaClass;
    }

    /** Parses a type name as written in a pipeline definition (case-insensitive). */
    public static FieldType parse(String name) {
        for (FieldType t : values()) {
            if (t.name().equalsIgnoreCase(name.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException(
                "unknown field type '" + name + "', expected one of " + java.util.Arrays.toString(values()));
    }
}
