package dev.tributary.jobs.bronze;

import dev.tributary.transforms.api.RecordGuard;
import dev.tributary.transforms.api.RecordSchema;
import dev.tributary.transforms.builtin.JsonRecordParser;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.types.Row;

import java.io.Serializable;
import java.time.Instant;

/**
 * Turns one raw payload plus its source position into an in-flight bronze row (see {@link BronzeSchemas}).
 * Used inside every source's deserializer so records are parsed once, where watermarks are generated.
 * A malformed payload yields a row with only metadata, {@code _raw} and {@code _error} set.
 */
@Internal
public final class BronzeDecoder implements Serializable {
    private static final long serialVersionUID = 1L;

    private final RecordSchema inFlight;
    private final JsonRecordParser parser;
    private final int metaStart;
    private final boolean keepRawForValid;

    /**
     * @param declared the dataset's declared schema
     * @param keepRawForValid keep {@code _raw} on valid rows too (needed when quality rules may quarantine them)
     */
    public BronzeDecoder(RecordSchema declared, boolean keepRawForValid) {
        this.inFlight = BronzeSchemas.inFlight(declared);
        this.parser = new JsonRecordParser(declared, inFlight.arity());
        this.metaStart = declared.arity();
        this.keepRawForValid = keepRawForValid;
    }

    public RecordSchema inFlightSchema() {
        return inFlight;
    }

    /**
     * Decodes one payload. Never throws for a record: should parsing itself fail (a bug, or a limit of a
     * library), the record comes back malformed with a {@link RecordGuard} reason and is quarantined.
     */
    public Row decode(String payload, String source, Integer partition, Long offset, String file) {
        Row row;
        String error;
        try {
            JsonRecordParser.Result r = parser.parse(payload);
            row = r.isValid() ? r.row() : null;
            error = r.error();
        } catch (RuntimeException | StackOverflowError e) {
            row = null;
            error = RecordGuard.reason("decoding", e);
        }
        return withMetadata(row, error, payload, source, partition, offset, file);
    }

    private Row withMetadata(Row parsed, String error, String payload, String source, Integer partition, Long offset, String file) {
        Row row = parsed != null ? parsed : Row.withPositions(inFlight.arity());
        row.setField(metaStart, source);
        row.setField(metaStart + 1, partition);
        row.setField(metaStart + 2, offset);
        row.setField(metaStart + 3, file);
        row.setField(metaStart + 4, Instant.now());
        if (parsed == null || keepRawForValid) {
            row.setField(metaStart + 5, payload);
        }
        if (parsed == null) {
            row.setField(metaStart + 6, error);
        }
        return row;
    }

    /** Position of {@code _raw} in the in-flight row. */
    public static int rawPosition(RecordSchema declared) {
        return declared.arity() + 5;
    }

    /** Position of {@code _error} in the in-flight row. */
    public static int errorPosition(RecordSchema declared) {
        return declared.arity() + 6;
    }

    /** Event time from the declared column; malformed rows have none and never move the watermark. */
    public static final class EventTimeAssigner implements SerializableTimestampAssigner<Row> {
        private static final long serialVersionUID = 1L;
        private final int position;

        public EventTimeAssigner(int position) {
            this.position = position;
        }

        @Override
        public long extractTimestamp(Row row, long recordTimestamp) {
            Object v = row.getField(position);
            return v instanceof Instant ? ((Instant) v).toEpochMilli() : Long.MIN_VALUE;
        }
    }
}
