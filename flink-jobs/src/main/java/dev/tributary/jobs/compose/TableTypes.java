package dev.tributary.jobs.compose;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps lake column types to SQL types and back. Lake tables enter SQL with their declared types plus a
 * {@code rowtime} attribute (the records' event time, with the source watermarks); query results must use
 * types the lake can store.
 */
@Internal
final class TableTypes {
    /** The event-time attribute every input table has in SQL. */
    static final String ROWTIME = "rowtime";

    private TableTypes() {}

    static DataType sqlType(Field f) {
        switch (f.type()) {
            case STRING:
                return DataTypes.STRING();
            case BOOLEAN:
                return DataTypes.BOOLEAN();
            case INT:
                return DataTypes.INT();
            case LONG:
                return DataTypes.BIGINT();
            case DOUBLE:
                return DataTypes.DOUBLE();
            case DECIMAL:
                return DataTypes.DECIMAL(f.precision(), f.scale());
            case TIMESTAMP:
                return DataTypes.TIMESTAMP_LTZ(3);
            case DATE:
                return DataTypes.DATE();
            default:
                throw new IllegalArgumentException("no SQL type for " + f.type());
        }
    }

    /** A lake column's type in SQL, NOT NULL kept so that query results derive it (e.g. a required group key). */
    static DataType columnType(Field f) {
        return f.isRequired() ? sqlType(f).notNull() : sqlType(f);
    }

    /** The schema of a lake stream in SQL: its columns and the {@code rowtime} attribute. */
    static Schema tableSchema(RecordSchema schema) {
        Schema.Builder b = Schema.newBuilder();
        for (Field f : schema.fields()) {
            b.column(f.name(), columnType(f));
        }
        if (!schema.contains(ROWTIME)) {
            b.columnByMetadata(ROWTIME, DataTypes.TIMESTAMP_LTZ(3));
            b.watermark(ROWTIME, "SOURCE_WATERMARK()");
        }
        return b.build();
    }

    /**
     * The schema of a model's landed rows in SQL: its columns and a {@code rowtime} attribute computed from the
     * model's event-time column (the one it is partitioned by), carrying the watermarks of the model's stream, so
     * later windows use the model's event time without the model selecting {@code rowtime}.
     */
    static Schema tableSchema(RecordSchema schema, String eventTimeColumn) {
        Schema.Builder b = Schema.newBuilder();
        for (Field f : schema.fields()) {
            b.column(f.name(), columnType(f));
        }
        b.columnByExpression(ROWTIME, "CAST(`" + eventTimeColumn.replace("`", "``") + "` AS TIMESTAMP_LTZ(3))");
        b.watermark(ROWTIME, "SOURCE_WATERMARK()");
        return b.build();
    }

    /**
     * True when a query result still carries its event time: a {@code rowtime} column (in BATCH a plain timestamp)
     * or another event-time attribute ({@code window_time}, ...).
     */
    static boolean hasTimeAttribute(ResolvedSchema resolved) {
        return resolved.getColumns().stream().anyMatch(c -> c.getName().equals(ROWTIME)
                || LogicalTypeChecks.isRowtimeAttribute(c.getDataType().getLogicalType()));
    }

    /** Positions of the columns of a query result that land: all but {@code rowtime}, internal to SQL. */
    static int[] landedColumns(ResolvedSchema resolved) {
        List<Column> cols = resolved.getColumns();
        return java.util.stream.IntStream.range(0, cols.size()).filter(i -> !cols.get(i).getName().equals(ROWTIME)).toArray();
    }

    /**
     * The lake schema of a query result.
     *
     * @param landed the positions of the columns that land ({@link #landedColumns})
     * @param problems receives one message per column the lake cannot store
     */
    static RecordSchema lakeSchema(String name, ResolvedSchema resolved, int[] landed, List<String> problems) {
        List<Field> fields = new ArrayList<>();
        for (int i : landed) {
            Column c = resolved.getColumns().get(i);
            LogicalType t = c.getDataType().getLogicalType();
            boolean required = !t.isNullable();
            FieldType ft;
            switch (t.getTypeRoot()) {
                case CHAR:
                case VARCHAR:
                    ft = FieldType.STRING;
                    break;
                case BOOLEAN:
                    ft = FieldType.BOOLEAN;
                    break;
                case TINYINT:
                case SMALLINT:
                case INTEGER:
                    ft = FieldType.INT;
                    break;
                case BIGINT:
                    ft = FieldType.LONG;
                    break;
                case FLOAT:
                case DOUBLE:
                    ft = FieldType.DOUBLE;
                    break;
                case DECIMAL:
                    DecimalType d = (DecimalType) t;
                    fields.add(Field.decimal(c.getName(), required, d.getPrecision(), d.getScale()));
                    continue;
                case TIMESTAMP_WITHOUT_TIME_ZONE:
                case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                    ft = FieldType.TIMESTAMP;
                    break;
                case DATE:
                    ft = FieldType.DATE;
                    break;
                default:
                    problems.add("column '" + c.getName() + "' has type " + t.asSummaryString()
                            + ", which the lake cannot store; CAST it to STRING, BOOLEAN, INT, BIGINT, DOUBLE,"
                            + " DECIMAL(p, s), TIMESTAMP_LTZ(3) or DATE");
                    continue;
            }
            fields.add(required ? Field.required(c.getName(), ft) : Field.optional(c.getName(), ft));
        }
        return new RecordSchema(name, fields);
    }
}
