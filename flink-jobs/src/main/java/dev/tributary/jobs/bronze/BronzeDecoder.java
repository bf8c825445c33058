package dev.tributary.jobs.bronze;

import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.transforms.api.ParsingOptions;
import dev.tributary.transforms.api.PiiAction;
import dev.tributary.transforms.api.RecordGuard;
import dev.tributary.transforms.api.RecordSchema;
import dev.tributary.transforms.api.SourceFactory;
import dev.tributary.transforms.builtin.JsonRecordParser;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.types.Row;

import javax.annotation.Nullable;

import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns one raw payload plus its source position into an in-flight bronze row (see {@link BronzeSchemas}).
 * Used inside every source's deserializer so records are parsed once, where watermarks are generated.
 * A malformed payload yields a row with only metadata, {@code _raw} and {@code _error} set.
 *
 * <p>Bytes are decoded as strict UTF-8 first (invalid UTF-8 is malformed, never silently replaced), then
 * parsed by {@link JsonRecordParser} under the dataset's {@link ParsingOptions}. Never throws for a record.
 */
@PublicEvolving
public final class BronzeDecoder implements SourceFactory.PayloadDecoder {
    private static final long serialVersionUID = 1L;

    /** Longest record accepted; longer ones are quarantined with their first bytes. */
    public static final int MAX_RECORD_BYTES = 16 << 20;
    /** How much of an over-long record is kept in the quarantine. */
    static final int TOO_LARGE_KEPT_BYTES = 64 << 10;

    private final RecordSchema inFlight;
    private final JsonRecordParser parser;
    private final int metaStart;
    private final boolean keepRawForValid;

    /**
     * @param dataset the dataset (schema, event time, parsing options, PII columns)
     * @param keepRawForValid keep {@code _raw} on valid rows too (needed when quality rules may quarantine them)
     */
    public BronzeDecoder(DatasetDef dataset, boolean keepRawForValid) {
        this(dataset.schema(), keepRawForValid, dataset.parsing(), dataset.eventTimeColumn(),
                dataset.pii().columns().entrySet().stream().filter(e -> e.getValue().action() != PiiAction.ALLOW)
                        .map(java.util.Map.Entry::getKey).collect(Collectors.toSet()));
    }

    /** A decoder with the default (strict) parsing options and no event-time range check. */
    public BronzeDecoder(RecordSchema declared, boolean keepRawForValid) {
        this(declared, keepRawForValid, ParsingOptions.defaults(), null, Set.of());
    }

    private BronzeDecoder(RecordSchema declared, boolean keepRawForValid, ParsingOptions options,
            @Nullable String eventTimeColumn, Set<String> piiColumns) {
        this.inFlight = BronzeSchemas.inFlight(declared);
        this.parser = new JsonRecordParser(declared, inFlight.arity(), options, eventTimeColumn, piiColumns);
        this.metaStart = declared.arity();
        this.keepRawForValid = keepRawForValid;
    }

    @Override
    public RecordSchema inFlightSchema() {
        return inFlight;
    }

    /** Decodes a record given as bytes: strict UTF-8, then JSON. */
    public Row decode(@Nullable byte[] bytes, int off, int len, String source, Integer partition, Long offset, String file) {
        if (bytes == null) {
            return decode((String) null, source, partition, offset, file);
        }
        String payload = null;
        String error;
        try {
            payload = Utf8Text.lossy(bytes, off, len);
            int bad = Utf8Text.firstInvalid(bytes, off, len, payload);
            if (bad < 0) {
                return decode(payload, source, partition, offset, file);
            }
            error = Utf8Text.reason(bad);
        } catch (RuntimeException | StackOverflowError e) {
            error = RecordGuard.reason("decoding", e);
        }
        return withMetadata(null, error, payload, source, partition, offset, file);
    }

    /** A record longer than {@link #MAX_RECORD_BYTES}: quarantined with its first bytes only. */
    public Row tooLarge(byte[] head, int len, long fullLength, String source, Integer partition, Long offset, String file) {
        String kept = Utf8Text.lossy(head, 0, Math.min(len, TOO_LARGE_KEPT_BYTES));
        return withMetadata(null, "record-too-large: " + fullLength + " bytes exceed the limit of " + MAX_RECORD_BYTES
                + " bytes (the quarantine keeps the first " + TOO_LARGE_KEPT_BYTES + ")", kept, source, partition, offset, file);
    }

    /**
     * Decodes one payload. Never throws for a record: should parsing itself fail (a bug, or a limit of a
     * library), the record comes back malformed with a {@link RecordGuard} reason and is quarantined.
     */
    @Override
    public Row decode(@Nullable String payload, String source, Integer partition, Long offset, String file) {
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

    private Row withMetadata(@Nullable Row parsed, String error, @Nullable String payload, String source, Integer partition,
            Long offset, String file) {
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
