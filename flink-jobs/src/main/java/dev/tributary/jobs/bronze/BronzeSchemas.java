package dev.tributary.jobs.bronze;

import dev.tributary.jobs.definition.InFlightLayout;
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

    public static final String SOURCE = InFlightLayout.SOURCE;
    public static final String SOURCE_PARTITION = InFlightLayout.SOURCE_PARTITION;
    public static final String SOURCE_OFFSET = InFlightLayout.SOURCE_OFFSET;
    public static final String SOURCE_FILE = InFlightLayout.SOURCE_FILE;
    public static final String INGESTED_AT = InFlightLayout.INGESTED_AT;
    public static final String RAW = InFlightLayout.RAW;
    public static final String ERROR = InFlightLayout.ERROR;

    static final List<Field> METADATA = InFlightLayout.METADATA;

    static final List<Field> TRANSIENT = InFlightLayout.TRANSIENT;

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
        return InFlightLayout.landed(declared);
    }

    /** The in-flight layout: landed plus the transient {@code _raw} and {@code _error}. */
    public static RecordSchema inFlight(RecordSchema declared) {
        return InFlightLayout.inFlight(declared);
    }
}
