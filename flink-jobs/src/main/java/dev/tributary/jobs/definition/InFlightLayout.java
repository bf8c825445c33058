package dev.tributary.jobs.definition;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;

import java.util.List;

/**
 * The columns bronze adds to a dataset's declared ones, kept here so that validation (quality rules see
 * in-flight rows) needs no runtime package. {@code bronze.BronzeSchemas} is the public face of this layout.
 */
@Internal
public final class InFlightLayout {

    public static final String SOURCE = "_source";
    public static final String SOURCE_PARTITION = "_source_partition";
    public static final String SOURCE_OFFSET = "_source_offset";
    public static final String SOURCE_FILE = "_source_file";
    public static final String INGESTED_AT = "_ingested_at";
    public static final String RAW = "_raw";
    public static final String ERROR = "_error";

    public static final List<Field> METADATA =
            List.of(
                    Field.required(SOURCE, FieldType.STRING),
                    Field.optional(SOURCE_PARTITION, FieldType.INT),
                    Field.optional(SOURCE_OFFSET, FieldType.LONG),
                    Field.optional(SOURCE_FILE, FieldType.STRING),
                    Field.required(INGESTED_AT, FieldType.TIMESTAMP));

    public static final List<Field> TRANSIENT =
            List.of(Field.optional(RAW, FieldType.STRING), Field.optional(ERROR, FieldType.STRING));

    private InFlightLayout() {}

    /** Declared columns plus ingestion metadata. */
    public static RecordSchema landed(RecordSchema declared) {
        return declared.append(METADATA);
    }

    /** Landed plus the transient {@code _raw} and {@code _error}. */
    public static RecordSchema inFlight(RecordSchema declared) {
        return landed(declared).append(TRANSIENT);
    }
}
