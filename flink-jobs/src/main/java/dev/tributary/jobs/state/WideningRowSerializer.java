package dev.tributary.jobs.state;

import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.api.java.typeutils.runtime.RowSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.Row;
import org.apache.flink.util.ExceptionUtils;
import org.apache.flink.util.StateMigrationException;
import org.apache.flink.util.function.SupplierWithException;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Set;

/**
 * The serializer of rows an operator keeps in state, for a layout that may gain nullable columns between a
 * checkpoint and its restore (the schema-change remedy: declare the new column, restart from the checkpoint).
 *
 * <p>The bytes are exactly Flink's {@link RowSerializer}'s, so state written before this serializer existed
 * restores as it is when the layout did not change. What it adds is in its {@link WideningRowSerializerSnapshot}:
 * the column names and which are nullable. A restore whose new layout keeps every old column (same name, same
 * serializer) and only adds nullable ones is <em>compatible after migration</em>: rows read from the old state
 * carry their column names ({@code Row}s with named positions), and {@link #conform} maps them onto the new
 * layout by name, the added columns null. Heap state keeps the restored objects, so an operator calls
 * {@link #conform} on every row it reads from state; RocksDB state is rewritten once through {@link #serialize},
 * which conforms too. Anything else (a column dropped, renamed, retyped, or an added NOT NULL column) is
 * incompatible, and Flink refuses the restore instead of misreading it.
 */
@Internal
public final class WideningRowSerializer extends TypeSerializer<Row> {
    private static final long serialVersionUID = 1L;

    private final String[] names;
    private final boolean[] nullable;
    private final TypeSerializer<?>[] fields;
    private final RowSerializer rows;

    WideningRowSerializer(String[] names, boolean[] nullable, TypeSerializer<?>[] fields) {
        if (names.length != nullable.length || names.length != fields.length) {
            throw new IllegalArgumentException("names, nullability and serializers differ in length");
        }
        this.names = names;
        this.nullable = nullable;
        this.fields = fields;
        LinkedHashMap<String, Integer> positionByName = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            positionByName.put(names[i], i);
        }
        this.rows = new RowSerializer(fields, positionByName, true);
    }

    /** The serializer of {@code schema}'s rows, its column serializers made by {@code context}. */
    public static WideningRowSerializer of(RecordSchema schema, RuntimeContext context) {
        RowTypeInfo type = schema.rowTypeInfo();
        String[] names = type.getFieldNames();
        boolean[] nullable = new boolean[names.length];
        TypeSerializer<?>[] fields = new TypeSerializer<?>[names.length];
        for (int i = 0; i < names.length; i++) {
            nullable[i] = !schema.field(i).isRequired();
            fields[i] = context.createSerializer(type.getTypeAt(i));
        }
        return new WideningRowSerializer(names, nullable, fields);
    }

    /**
     * Registers state kept with serializers of {@code schema}'s rows. When Flink refuses to restore it (since the
     * checkpoint a column was dropped, renamed or retyped, or added NOT NULL), the failure says so, naming
     * {@code what} keeps the state and the declared columns, instead of only Flink's serializer comparison.
     */
    public static <S> S register(String what, RecordSchema schema, SupplierWithException<S, Exception> registration) {
        try {
            return registration.get();
        } catch (Exception e) {
            if (ExceptionUtils.findThrowable(e, StateMigrationException.class).isEmpty()) {
                ExceptionUtils.rethrow(e);
            }
            throw new IllegalStateException(what + ": the rows kept in the checkpoint cannot be read as the declared"
                    + " columns " + schema.fields() + ": since the checkpoint a column was dropped, renamed or retyped,"
                    + " or added NOT NULL. Only nullable columns may be added when restoring; declare the new column"
                    + " nullable, or start without the checkpoint (the rows it keeps are then lost)", e);
        }
    }

    String[] names() {
        return names;
    }

    boolean[] nullable() {
        return nullable;
    }

    TypeSerializer<?>[] fields() {
        return fields;
    }

    RowSerializer rows() {
        return rows;
    }

    /**
     * {@code row} in this serializer's layout: itself when it has this arity, else (a row restored from state
     * written with fewer columns) a new row whose columns are taken from {@code row} by name, null where absent.
     */
    public Row conform(Row row) {
        if (row == null || row.getArity() == names.length) {
            return row;
        }
        Set<String> known = row.getFieldNames(true);
        if (known == null) {
            throw new IllegalStateException("a row of " + row.getArity() + " columns in state, without column names,"
                    + " cannot be read as " + Arrays.toString(names));
        }
        Row wide = Row.withPositions(row.getKind(), names.length);
        for (int i = 0; i < names.length; i++) {
            wide.setField(i, known.contains(names[i]) ? row.getField(names[i]) : null);
        }
        return wide;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<Row> duplicate() {
        TypeSerializer<?>[] copies = new TypeSerializer<?>[fields.length];
        for (int i = 0; i < fields.length; i++) {
            copies[i] = fields[i].duplicate();
        }
        return new WideningRowSerializer(names, nullable, copies);
    }

    @Override
    public Row createInstance() {
        return rows.createInstance();
    }

    @Override
    public Row copy(Row from) {
        return rows.copy(conform(from));
    }

    @Override
    public Row copy(Row from, Row reuse) {
        return rows.copy(conform(from), reuse);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Row record, DataOutputView target) throws IOException {
        rows.serialize(conform(record), target);
    }

    @Override
    public Row deserialize(DataInputView source) throws IOException {
        return rows.deserialize(source);
    }

    @Override
    public Row deserialize(Row reuse, DataInputView source) throws IOException {
        return rows.deserialize(reuse, source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        rows.copy(source, target);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WideningRowSerializer
                && Arrays.equals(names, ((WideningRowSerializer) o).names)
                && Arrays.equals(nullable, ((WideningRowSerializer) o).nullable)
                && rows.equals(((WideningRowSerializer) o).rows);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(names) + rows.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<Row> snapshotConfiguration() {
        return new WideningRowSerializerSnapshot(this);
    }
}
