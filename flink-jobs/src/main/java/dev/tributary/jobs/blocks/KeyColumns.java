package dev.tributary.jobs.blocks;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * A key of one or more columns of any type, as a {@link Row} of their values (Row's hash is deterministic
 * across JVMs, so it partitions like any key). A key with a null column matches nothing, as in SQL.
 */
@Internal
public final class KeyColumns implements KeySelector<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final int[] positions;

    public KeyColumns(int[] positions) {
        this.positions = positions.clone();
    }

    /** Positions of {@code columns} in {@code schema}. */
    public static int[] positions(RecordSchema schema, List<String> columns) {
        int[] p = new int[columns.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = schema.indexOf(columns.get(i));
        }
        return p;
    }

    /** The key's type: the columns' types, named as in {@code schema}. */
    public static RowTypeInfo type(RecordSchema schema, List<String> columns) {
        List<Field> fields = new ArrayList<>();
        for (String c : columns) {
            fields.add(schema.field(c).asOptional());
        }
        return new RecordSchema("key", fields).rowTypeInfo();
    }

    @Override
    public Row getKey(Row row) {
        Row k = new Row(positions.length);
        for (int i = 0; i < positions.length; i++) {
            k.setField(i, row.getField(positions[i]));
        }
        return k;
    }

    /** True if any column of the key is null. */
    public static boolean hasNull(Row key) {
        for (int i = 0; i < key.getArity(); i++) {
            if (key.getField(i) == null) {
                return true;
            }
        }
        return false;
    }

    /** The key of {@code row} for humans ({@code a|b}), as the late table's {@code record_key}. */
    static String describe(Row row, int[] positions) {
        StringJoiner j = new StringJoiner("|");
        for (int p : positions) {
            j.add(String.valueOf(row.getField(p)));
        }
        return j.toString();
    }

    static String describe(Row key) {
        StringJoiner j = new StringJoiner("|");
        for (int i = 0; i < key.getArity(); i++) {
            j.add(String.valueOf(key.getField(i)));
        }
        return j.toString();
    }
}
