package dev.tributary.jobs.bronze;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;

import java.util.List;

/**
 * Row layouts of the bronze layer.
 *
 * <pre>
 *   in-flight row:  [declared columns...][_source, _source_partition, _source_offset, _source_file, _ingested_at][_raw, _error]
 *   landed row:     [declared columns...][_source, _source_partition, _source_offset, _source_file, _ingested_at]
 * </pre>
 *
 * The two transient columns never land: {@code _raw} keeps the payload as it came (for quarantine) and
 * {@code _error} says why it could not be parsed. The landed layout is a prefix of the in-flight one, so
 * the Parquet writer writes the prefix without copying rows.
 */
@PublicEvolving
public final class BronzeSchemas {

    public static final String SOURCE = "_source";
    public static final String SOURCE_PARTITION = "_source_partition";
    public static final String SOURCE_OFFSET = "_source_offset";
    public static final String SOURCE_FILE = "_source_file";
    public static final String INGESTED_AT = "_ingested_at";
    public static final String RAW = "_raw";
    public static final String ERROR = "_error";

    static final List<Field> METADATA =
            List.of(
                    Field.required(SOURCE, FieldType.STRING),
                    Field.optional(SOURCE_PARTITION, FieldType.INT),
                    Field.optional(SOURCE_OFFSET, FieldType.LONG),
                    Field.optional(SOURCE_FILE, FieldType.STRING),
                    Field.required(INGESTED_AT, FieldType.TIMESTAMP));

    static final List<Field> TRANSIENT =
            List.of(Field.optional(RAW, FieldType.STRING), Field.optional(ERROR, FieldType.STRING));

    /** Quarantine rows: {@code bronze/_quarantine/<dataset>}. */
    public static final RecordSchema QUARANTINE =
            RecordSchema.of(
                    "quarantine",
                    Field.required("dataset", FieldType.STRING),
                    Field.required("reason", FieldType.STRING),
                    Field.optional("failed_rules", FieldType.STRING),
                    Field.optional("raw_payload", FieldType.STRING),
                    Field.optional("source", FieldType.STRING),
                    Field.optional("source_partition", FieldType.INT),
                    Field.optional("source_offset", FieldType.LONG),
                    Field.optional("event_time", FieldType.TIMESTAMP),
                    Field.required("quarantined_at", FieldType.TIMESTAMP));

    private BronzeSchemas() {}

    /** The landed bronze layout of a dataset: declared columns plus ingestion metadata. */
    public static RecordSchema landed(RecordSchema declared) {
        return declared.append(METADATA);
    }

    /** The in-flight layout: landed plus the transient {@code _raw} and {@code _error}. */
    public static RecordSchema inFlight(RecordSchema declared) {
        return landed(declared).append(TRANSIENT);
    }
}
