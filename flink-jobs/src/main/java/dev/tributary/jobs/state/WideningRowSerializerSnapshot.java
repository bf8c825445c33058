package dev.tributary.jobs.state;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.RowSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.Row;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Snapshot of a {@link WideningRowSerializer}: column names, nullability and each column's serializer snapshot.
 *
 * <p>Compatibility with the snapshot of the state being restored:
 * <ul>
 *   <li>Flink's {@link RowSerializer.RowSerializerSnapshot} (state written before this serializer was used): as
 *       {@link RowSerializer} would decide, since the bytes are the same; only an unchanged layout restores.
 *   <li>this snapshot: compatible as is when names and column serializers are unchanged; after migration when
 *       every old column is still there (by name, its serializer compatible as is) and every added column is
 *       nullable; incompatible otherwise.
 * </ul>
 */
@Internal
public final class WideningRowSerializerSnapshot implements TypeSerializerSnapshot<Row> {
    private static final int VERSION = 1;

    private String[] names;
    private boolean[] nullable;
    private TypeSerializerSnapshot<?>[] fields;

    /** For Flink's reflective instantiation when reading a snapshot. */
    public WideningRowSerializerSnapshot() {}

    WideningRowSerializerSnapshot(WideningRowSerializer serializer) {
        this.names = serializer.names();
        this.nullable = serializer.nullable();
        TypeSerializer<?>[] serializers = serializer.fields();
        this.fields = new TypeSerializerSnapshot<?>[serializers.length];
        for (int i = 0; i < serializers.length; i++) {
            fields[i] = serializers[i].snapshotConfiguration();
        }
    }

    @Override
    public int getCurrentVersion() {
        return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        out.writeInt(names.length);
        for (int i = 0; i < names.length; i++) {
            out.writeUTF(names[i]);
            out.writeBoolean(nullable[i]);
            TypeSerializerSnapshot.writeVersionedSnapshot(out, fields[i]);
        }
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
        if (readVersion != VERSION) {
            throw new IOException("unknown version " + readVersion + " of " + getClass().getSimpleName());
        }
        int n = in.readInt();
        names = new String[n];
        nullable = new boolean[n];
        fields = new TypeSerializerSnapshot<?>[n];
        for (int i = 0; i < n; i++) {
            names[i] = in.readUTF();
            nullable[i] = in.readBoolean();
            fields[i] = TypeSerializerSnapshot.readVersionedSnapshot(in, classLoader);
        }
    }

    @Override
    public TypeSerializer<Row> restoreSerializer() {
        TypeSerializer<?>[] serializers = new TypeSerializer<?>[fields.length];
        for (int i = 0; i < fields.length; i++) {
            serializers[i] = fields[i].restoreSerializer();
        }
        return new WideningRowSerializer(names, nullable, serializers);
    }

    @Override
    public TypeSerializerSchemaCompatibility<Row> resolveSchemaCompatibility(TypeSerializerSnapshot<Row> oldSnapshot) {
        if (oldSnapshot instanceof RowSerializer.RowSerializerSnapshot) {
            TypeSerializerSchemaCompatibility<Row> asRows =
                    ((WideningRowSerializer) restoreSerializer()).rows().snapshotConfiguration().resolveSchemaCompatibility(oldSnapshot);
            return asRows.isCompatibleAsIs() ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
        if (!(oldSnapshot instanceof WideningRowSerializerSnapshot)) {
            return TypeSerializerSchemaCompatibility.incompatible();
        }
        WideningRowSerializerSnapshot old = (WideningRowSerializerSnapshot) oldSnapshot;
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            position.put(names[i], i);
        }
        for (int i = 0; i < old.names.length; i++) {
            Integer now = position.remove(old.names[i]);
            if (now == null || !compatibleAsIs(fields[now], old.fields[i])) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
        }
        for (int added : position.values()) {
            if (!nullable[added]) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
        }
        return java.util.Arrays.equals(names, old.names) ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean compatibleAsIs(TypeSerializerSnapshot now, TypeSerializerSnapshot old) {
        return now.resolveSchemaCompatibility(old).isCompatibleAsIs();
    }
}
