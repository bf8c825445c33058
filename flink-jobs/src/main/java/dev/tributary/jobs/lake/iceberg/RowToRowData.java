package dev.tributary.jobs.lake.iceberg;

import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.flink.types.Row;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Turns our position-based rows into Flink's internal {@link RowData} in the column order of an Iceberg table's
 * schema, matching columns by name: a table column the record schema lacks (dropped from the source, optional in
 * the table) is written as null. Values keep their meaning: instants as {@link TimestampData}, dates as epoch days.
 */
@Internal
public final class RowToRowData implements MapFunction<Row, RowData> {
    private static final long serialVersionUID = 1L;

    /** Per table column: the position in our rows, or -1 when the record schema has no such column. */
    private final int[] positions;
    private final Type.TypeID[] types;
    private final int[] precisions;
    private final int[] scales;

    public RowToRowData(Schema table, RecordSchema rows) {
        List<Types.NestedField> cols = table.columns();
        positions = new int[cols.size()];
        types = new Type.TypeID[cols.size()];
        precisions = new int[cols.size()];
        scales = new int[cols.size()];
        for (int i = 0; i < cols.size(); i++) {
            Types.NestedField c = cols.get(i);
            positions[i] = rows.contains(c.name()) ? rows.indexOf(c.name()) : -1;
            types[i] = c.type().typeId();
            if (c.type() instanceof Types.DecimalType) {
                precisions[i] = ((Types.DecimalType) c.type()).precision();
                scales[i] = ((Types.DecimalType) c.type()).scale();
            }
        }
    }

    @Override
    public RowData map(Row row) {
        GenericRowData out = new GenericRowData(positions.length);
        for (int i = 0; i < positions.length; i++) {
            Object v = positions[i] < 0 ? null : row.getField(positions[i]);
            out.setField(i, v == null ? null : convert(i, v));
        }
        return out;
    }

    private Object convert(int i, Object v) {
        switch (types[i]) {
            case STRING:
                return StringData.fromString(v.toString());
            case LONG:
                return ((Number) v).longValue();
            case DECIMAL:
                return DecimalData.fromBigDecimal((BigDecimal) v, precisions[i], scales[i]);
            case TIMESTAMP:
                return TimestampData.fromInstant((Instant) v);
            case DATE:
                return (int) ((LocalDate) v).toEpochDay();
            default:
                return v;
        }
    }
}
