package dev.tributary.transforms.builtin;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.types.Row;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Parses one JSON object into a {@link Row} of a declared {@link RecordSchema}, normalising as it goes:
 * strings are trimmed, timestamps become UTC {@link Instant}s (ISO-8601 with offset, or epoch
 * milliseconds), money becomes a {@link BigDecimal} at the declared scale.
 *
 * <p>Never throws for bad input: the {@link Result} says why a record is malformed, in a reason that
 * starts with a stable category ({@code parse-error}, {@code missing-field}, {@code wrong-type}) so
 * quarantine rows can be grouped by it. Unknown JSON fields are ignored.
 *
 * <p>Not thread-safe per instance only in the sense that the Jackson mapper is created lazily; create one
 * per operator instance (it is cheap) and call {@link #parse} from one thread.
 */
@PublicEvolving
public final class JsonRecordParser implements Serializable {
    private static final long serialVersionUID = 1L;

    private final RecordSchema schema;
    private final int arity;
    private transient ObjectMapper mapper;

    /**
     * @param schema the declared fields
     * @param arity the row arity to allocate (at least {@code schema.arity()}); extra trailing
     *     positions are left null for the caller (e.g. ingestion metadata)
     */
    public JsonRecordParser(RecordSchema schema, int arity) {
        if (arity < schema.arity()) {
            throw new IllegalArgumentException("arity " + arity + " < schema arity " + schema.arity());
        }
        this.schema = schema;
        this.arity = arity;
    }

    public JsonRecordParser(RecordSchema schema) {
        this(schema, schema.arity());
    }

    /** Parses a payload; on success the row holds the declared fields at their schema positions. */
    public Result parse(String payload) {
        if (payload == null || payload.isBlank()) {
            return Result.error("parse-error: empty payload");
        }
        JsonNode root;
        try {
            root = mapper().readTree(payload);
        } catch (JsonParseException e) {
            return Result.error("parse-error: " + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            return Result.error("parse-error: " + firstLine(e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            return Result.error("parse-error: expected a JSON object, found "
                    + (root == null ? "nothing" : root.getNodeType().name().toLowerCase()));
        }
        Row row = Row.withPositions(arity);
        for (int i = 0; i < schema.arity(); i++) {
            Field field = schema.field(i);
            JsonNode node = root.get(field.name());
            if (node == null || node.isNull()) {
                if (field.isRequired()) {
                    return Result.error("missing-field: '" + field.name() + "' is required");
                }
                continue;
            }
            Object value = convert(field, node);
            if (value == null) {
                return Result.error("wrong-type: '" + field.name() + "' expected " + describe(field)
                        + ", found " + render(node));
            }
            row.setField(i, value);
        }
        return Result.ok(row);
    }

    private static Object convert(Field field, JsonNode node) {
        FieldType type = field.type();
        switch (type) {
            case STRING:
                return node.isTextual() ? node.textValue().trim() : node.isNumber() ? node.asText() : null;
            case BOOLEAN:
                return node.isBoolean() ? node.booleanValue() : null;
            case INT:
                return node.isIntegralNumber() && node.canConvertToInt() ? node.intValue() : null;
            case LONG:
                return node.isIntegralNumber() && node.canConvertToLong() ? node.longValue() : null;
            case DOUBLE:
                return node.isNumber() ? node.doubleValue() : null;
            case DECIMAL:
                return decimal(field, node);
            case TIMESTAMP:
                return timestamp(node);
            case DATE:
                return date(node);
            default:
                return null;
        }
    }

    private static BigDecimal decimal(Field field, JsonNode node) {
        BigDecimal v;
        if (node.isNumber()) {
            v = node.decimalValue();
        } else if (node.isTextual()) {
            try {
                v = new BigDecimal(node.textValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        } else {
            return null;
        }
        BigDecimal scaled = v.setScale(field.scale(), RoundingMode.HALF_EVEN);
        return scaled.precision() > field.precision() ? null : scaled;
    }

    private static Instant timestamp(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return Instant.ofEpochMilli(node.longValue());
        }
        if (!node.isTextual()) {
            return null;
        }
        String text = node.textValue().trim();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static LocalDate date(JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        try {
            return LocalDate.parse(node.textValue().trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String describe(Field field) {
        switch (field.type()) {
            case TIMESTAMP:
                return "TIMESTAMP (ISO-8601 with offset, or epoch milliseconds)";
            case DECIMAL:
                return "DECIMAL(" + field.precision() + "," + field.scale() + ")";
            default:
                return field.type().name();
        }
    }

    /** Shows the JSON type of the offending value, never the value itself (it may be PII). */
    private static String render(JsonNode node) {
        JsonNodeType t = node.getNodeType();
        return t.name().toLowerCase();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable JSON";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private ObjectMapper mapper() {
        if (mapper == null) {
            mapper = new ObjectMapper();
        }
        return mapper;
    }

    /** The outcome of parsing one payload: a row, or the reason it is malformed. */
    @PublicEvolving
    public static final class Result {
        private final Row row;
        private final String error;

        private Result(Row row, String error) {
            this.row = row;
            this.error = error;
        }

        static Result ok(Row row) {
            return new Result(row, null);
        }

        static Result error(String reason) {
            return new Result(null, reason);
        }

        public boolean isValid() {
            return row != null;
        }

        /** The parsed row, or null when {@link #isValid()} is false. */
        public Row row() {
            return row;
        }

        /** Why the payload is malformed, or null when valid. */
        public String error() {
            return error;
        }
    }
}
