package dev.tributary.jobs.cdc;

import dev.tributary.transforms.api.Field;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

/** Converts Debezium (Kafka Connect) column values to the Java classes of Tributary field types. */
final class DebeziumValues {

    private DebeziumValues() {}

    /**
     * @return the value as {@code field.type().javaClass()}, or null for null
     * @throws IllegalArgumentException with a {@code wrong-type: ...} reason when it does not convert
     */
    static Object convert(Object v, Schema schema, Field field) {
        if (v == null) {
            return null;
        }
        String logical = schema.name();
        try {
            switch (field.type()) {
                case STRING:
                    return v instanceof String ? v : String.valueOf(v);
                case BOOLEAN:
                    if (v instanceof Boolean) {
                        return v;
                    }
                    break;
                case INT:
                    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
                        return ((Number) v).intValue();
                    }
                    break;
                case LONG:
                    if (v instanceof Long || v instanceof Integer || v instanceof Short) {
                        return ((Number) v).longValue();
                    }
                    break;
                case DOUBLE:
                    if (v instanceof Double || v instanceof Float) {
                        return ((Number) v).doubleValue();
                    }
                    break;
                case DECIMAL:
                    if (v instanceof BigDecimal) {
                        return ((BigDecimal) v).setScale(field.scale(), RoundingMode.UNNECESSARY);
                    }
                    if (v instanceof Integer || v instanceof Long) {
                        return BigDecimal.valueOf(((Number) v).longValue()).setScale(field.scale());
                    }
                    break;
                case TIMESTAMP:
                    return timestamp(v, logical);
                case DATE:
                    if (v instanceof Integer) {
                        return LocalDate.ofEpochDay((Integer) v);
                    }
                    if (v instanceof java.util.Date) {
                        return LocalDate.ofEpochDay(((java.util.Date) v).getTime() / 86_400_000L);
                    }
                    break;
                default:
                    break;
            }
        } catch (RuntimeException e) {
            // The exception type only: parse messages quote the value, and reasons must hold no record content.
            throw wrongType(field, v, logical, e.getClass().getSimpleName());
        }
        throw wrongType(field, v, logical, null);
    }

    private static Instant timestamp(Object v, String logical) {
        Instant i;
        if (v instanceof String) {
            // io.debezium.time.ZonedTimestamp (timestamptz): ISO-8601 with offset
            i = OffsetDateTime.parse((String) v).toInstant();
        } else if (v instanceof java.util.Date) {
            i = ((java.util.Date) v).toInstant();
        } else if (v instanceof Long && "io.debezium.time.MicroTimestamp".equals(logical)) {
            i = Instant.EPOCH.plus((Long) v, ChronoUnit.MICROS);
        } else if (v instanceof Long && "io.debezium.time.NanoTimestamp".equals(logical)) {
            i = Instant.EPOCH.plusNanos((Long) v);
        } else if (v instanceof Long) {
            i = Instant.ofEpochMilli((Long) v);
        } else {
            throw new IllegalArgumentException("not a timestamp");
        }
        // Tributary timestamps have millisecond precision (FieldType.TIMESTAMP).
        return i.truncatedTo(ChronoUnit.MILLIS);
    }

    private static IllegalArgumentException wrongType(Field f, Object v, String logical, String detail) {
        return new IllegalArgumentException("wrong-type: '" + f.name() + "' expects " + f.type() + ", found "
                + v.getClass().getSimpleName() + (logical == null ? "" : " (" + logical + ")")
                + (detail == null ? "" : ": " + detail));
    }

    /** A flat JSON rendering of an image, for the quarantine payload (PII is scrubbed by bronze intake). */
    static String toJson(Struct image) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (org.apache.kafka.connect.data.Field f : image.schema().fields()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            quote(sb, f.name()).append(':');
            Object v = image.get(f);
            if (v == null) {
                sb.append("null");
            } else if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else {
                quote(sb, String.valueOf(v));
            }
        }
        return sb.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"');
    }
}
