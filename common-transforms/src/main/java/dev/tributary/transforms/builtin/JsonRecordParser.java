package dev.tributary.transforms.builtin;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.ParsingOptions;
import dev.tributary.transforms.api.RecordSchema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.types.Row;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses one JSON record (one object, nothing after it) into a {@link Row} of a declared {@link
 * RecordSchema}, with Jackson's streaming parser straight into the typed row (no tree, no regex), under
 * strict rules documented in {@code docs/PIPELINE_DEFINITIONS.md} ("Parsing rules"):
 *
 * <ul>
 *   <li>exactly one JSON object per payload: a second value or trailing content is refused;
 *   <li>a key appearing twice at the top level is refused (no "last one wins");
 *   <li>strings are trimmed; INT/LONG refuse fractions and out-of-range numbers; DOUBLE refuses overflow;
 *   <li>DECIMAL refuses values beyond the declared precision, and more decimals than the scale unless the
 *       column declares a rounding mode ({@link ParsingOptions#rounding()}); trailing zeros are fine;
 *   <li>TIMESTAMP reads ISO-8601 with an offset; numbers only with a declared epoch unit;
 *   <li>the event-time column must lie in the configured range ({@link ParsingOptions#minEventTime()});
 *   <li>undeclared fields are dropped, or kept (scrubbed of PII) as JSON in {@value ParsingOptions#EXTRA_COLUMN}.
 * </ul>
 *
 * <p>Never throws for bad input: the {@link Result} says why a record is malformed, in a reason that starts
 * with a stable category ({@code parse-error}, {@code trailing-content}, {@code duplicate-key}, {@code
 * missing-field}, {@code wrong-type}, {@code out-of-range}) and never quotes the record's content. Create one
 * per operator instance and call {@link #parse} from one thread (the parser reuses its buffers).
 */
@PublicEvolving
public final class JsonRecordParser implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Deepest nesting accepted in a record (undeclared fields included); deeper input is malformed. */
    public static final int MAX_DEPTH = 1000;

    private final RecordSchema schema;
    private final int arity;
    private final ParsingOptions options;
    private final int eventTimePosition;
    private final int extraPosition;
    private final Set<String> piiLowerNames;
    private transient JsonFactory factory;
    private transient Map<String, Integer> positions;
    private transient FieldReader reader;
    private transient ExtraFieldsWriter extra;

    /**
     * @param schema the declared fields
     * @param arity the row arity to allocate (at least {@code schema.arity()}); extra trailing positions are
     *     left null for the caller (e.g. ingestion metadata)
     * @param options the dataset's parsing options
     * @param eventTimeColumn the column checked against the event-time range, or null
     * @param piiColumns PII columns: undeclared keys matching one (any letter case) are redacted in {@code _extra}
     */
    public JsonRecordParser(RecordSchema schema, int arity, ParsingOptions options, @Nullable String eventTimeColumn,
            Set<String> piiColumns) {
        if (arity < schema.arity()) {
            throw new IllegalArgumentException("arity " + arity + " < schema arity " + schema.arity());
        }
        options.validateAgainst(schema);
        this.schema = schema;
        this.arity = arity;
        this.options = options;
        this.eventTimePosition = eventTimeColumn == null ? -1 : schema.indexOf(eventTimeColumn);
        boolean keep = options.undeclaredFields() == ParsingOptions.UndeclaredFields.KEEP;
        if (keep && !schema.contains(ParsingOptions.EXTRA_COLUMN)) {
            throw new IllegalArgumentException("dataset '" + schema.name() + "' keeps undeclared fields but declares no '"
                    + ParsingOptions.EXTRA_COLUMN + "' column");
        }
        this.extraPosition = keep ? schema.indexOf(ParsingOptions.EXTRA_COLUMN) : -1;
        Set<String> lower = new HashSet<>();
        piiColumns.forEach(c -> lower.add(c.toLowerCase(Locale.ROOT)));
        this.piiLowerNames = lower;
    }

    public JsonRecordParser(RecordSchema schema, int arity) {
        this(schema, arity, ParsingOptions.defaults(), null, Set.of());
    }

    public JsonRecordParser(RecordSchema schema) {
        this(schema, schema.arity());
    }

    /** Parses a payload; on success the row holds the declared fields at their schema positions. */
    public Result parse(@Nullable String payload) {
        if (payload == null || payload.isBlank()) {
            return Result.error("parse-error: empty payload");
        }
        init();
        try (JsonParser p = factory.createParser(payload)) {
            return parse(p);
        } catch (JsonProcessingException e) {
            extra.reset();
            return Result.error(ParseFailures.reason(e));
        } catch (IOException e) {
            extra.reset();
            return Result.error("parse-error: unreadable payload");
        }
    }

    private Result parse(JsonParser p) throws IOException {
        JsonToken first = p.nextToken();
        if (first != JsonToken.START_OBJECT) {
            return Result.error("parse-error: expected a JSON object, found " + describe(first));
        }
        Row row = Row.withPositions(arity);
        long seen = 0L;
        boolean[] seenWide = schema.arity() > 64 ? new boolean[schema.arity()] : null;
        Set<String> undeclared = null;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            Integer pos = positions.get(name);
            p.nextToken();
            if (pos == null) {
                if (undeclared == null) {
                    undeclared = new HashSet<>(4);
                }
                if (!undeclared.add(name)) {
                    extra.reset();
                    return Result.error("duplicate-key: an undeclared key appears more than once");
                }
                if (extraPosition >= 0) {
                    extra.add(name, p);
                } else {
                    p.skipChildren();
                }
                continue;
            }
            int i = pos;
            boolean dup = seenWide == null ? (seen & (1L << i)) != 0 : seenWide[i];
            if (dup) {
                extra.reset();
                return Result.error("duplicate-key: '" + name + "' appears more than once");
            }
            if (seenWide == null) {
                seen |= 1L << i;
            } else {
                seenWide[i] = true;
            }
            String error = reader.read(schema.field(i), i, p, row);
            if (error != null) {
                extra.reset();
                return Result.error(error);
            }
        }
        if (t != JsonToken.END_OBJECT) {
            return Result.error("parse-error: malformed JSON object");
        }
        String trailing = trailing(p);
        if (trailing != null) {
            extra.reset();
            return Result.error(trailing);
        }
        if (extraPosition >= 0) {
            row.setField(extraPosition, extra.finish());
        }
        for (int i = 0; i < schema.arity(); i++) {
            Field f = schema.field(i);
            if (f.isRequired() && row.getField(i) == null) {
                return Result.error("missing-field: '" + f.name() + "' is required");
            }
        }
        if (eventTimePosition >= 0 && row.getField(eventTimePosition) != null) {
            java.time.Instant ts = (java.time.Instant) row.getField(eventTimePosition);
            if (ts.isBefore(options.minEventTime()) || !ts.isBefore(options.maxEventTime())) {
                return Result.error("out-of-range: event time '" + schema.field(eventTimePosition).name() + "' is outside ["
                        + options.minEventTime() + ", " + options.maxEventTime() + ") (set parsing.event-time-range)");
            }
        }
        return Result.ok(row);
    }

    /** Null when nothing but whitespace follows the record; otherwise why the payload is refused. */
    @Nullable
    private static String trailing(JsonParser p) {
        try {
            JsonToken next = p.nextToken();
            if (next == null) {
                return null;
            }
            return "trailing-content: a second JSON value follows the record (one JSON value per line)";
        } catch (IOException e) {
            return "trailing-content: content follows the record (one JSON value per line)";
        }
    }

    static String describe(@Nullable JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        switch (t) {
            case START_ARRAY:
                return "array";
            case VALUE_STRING:
                return "string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "boolean";
            case VALUE_NULL:
                return "null";
            case START_OBJECT:
                return "object";
            default:
                return t.name().toLowerCase(Locale.ROOT);
        }
    }

    private void init() {
        if (factory != null) {
            return;
        }
        factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                .build();
        positions = new HashMap<>();
        for (int i = 0; i < schema.arity(); i++) {
            if (i != extraPosition) {
                positions.put(schema.field(i).name(), i);
            }
        }
        reader = new FieldReader(options);
        extra = new ExtraFieldsWriter(piiLowerNames, factory);
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

        /** A malformed outcome with a content-free reason. */
        public static Result error(String reason) {
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
