package dev.tributary.jobs.bronze;

import dev.tributary.transforms.api.FieldType;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.Row;

import java.io.IOException;
import java.util.Arrays;

/**
 * Snapshot of a {@link RecordRowSerializer}: the column types in order. Rows written by it are read back by a
 * serializer with the same column types ({@code compatibleAsIs}); any other column list is incompatible (a
 * schema change of a bronze dataset changes its table too, and the keyed exchange never holds rows across a
 * savepoint, so nothing needs migrating).
 */
@Internal
public final class RecordRowSerializerSnapshot implements TypeSerializerSnapshot<Row> {

    private static final int VERSION = 1;

    private FieldType[] types;

    /** For Flink's reflective instantiation on restore. */
    public RecordRowSerializerSnapshot() {}

    RecordRowSerializerSnapshot(FieldType[] types) {
        this.types = types.clone();
    }

    @Override
    public int getCurrentVersion() {
        return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        out.writeInt(types.length);
        for (FieldType t : types) {
            out.writeUTF(t.name());
        }
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader) throws IOException {
        if (readVersion != VERSION) {
            throw new IOException("unknown RecordRowSerializer snapshot version " + readVersion + ", expected " + VERSION);
        }
        types = new FieldType[in.readInt()];
        for (int i = 0; i < types.length; i++) {
            types[i] = FieldType.valueOf(in.readUTF());
        }
    }

    @Override
    public TypeSerializer<Row> restoreSerializer() {
        return new RecordRowSerializer(types);
    }

    @Override
    public TypeSerializerSchemaCompatibility<Row> resolveSchemaCompatibility(TypeSerializerSnapshot<Row> oldSnapshot) {
        if (oldSnapshot instanceof RecordRowSerializerSnapshot
                && Arrays.equals(types, ((RecordRowSerializerSnapshot) oldSnapshot).types)) {
            return TypeSerializerSchemaCompatibility.compatibleAsIs();
        }
        return TypeSerializerSchemaCompatibility.incompatible();
    }
}
