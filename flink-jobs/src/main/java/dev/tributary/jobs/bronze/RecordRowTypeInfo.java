package dev.tributary.jobs.bronze;

import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;

import java.util.Arrays;

/**
 * The {@link RowTypeInfo} of a {@link RecordSchema} with {@link RecordRowSerializer} as its serializer: same
 * fields, names and key handling, cheaper bytes. Used for the stream that crosses bronze's keyed exchange (and,
 * in BATCH, is sorted by key before the dedupe). Not used for state: the state of downstream operators keeps
 * {@link RecordSchema#rowTypeInfo()}'s serializer, so savepoints are unaffected.
 */
@Internal
public final class RecordRowTypeInfo extends RowTypeInfo {
    private static final long serialVersionUID = 1L;

    private final FieldType[] fieldTypes;

    public RecordRowTypeInfo(RecordSchema schema) {
        super(schema.rowTypeInfo().getFieldTypes(), schema.rowTypeInfo().getFieldNames());
        this.fieldTypes = new FieldType[schema.arity()];
        for (int i = 0; i < fieldTypes.length; i++) {
            fieldTypes[i] = schema.field(i).type();
        }
    }

    @Override
    public TypeSerializer<Row> createSerializer(SerializerConfig config) {
        return new RecordRowSerializer(fieldTypes);
    }

    @Override
    @Deprecated
    public TypeSerializer<Row> createSerializer(ExecutionConfig config) {
        return new RecordRowSerializer(fieldTypes);
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof RecordRowTypeInfo;
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof RecordRowTypeInfo && super.equals(obj)
                && Arrays.equals(fieldTypes, ((RecordRowTypeInfo) obj).fieldTypes);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Arrays.hashCode(fieldTypes);
    }
}
