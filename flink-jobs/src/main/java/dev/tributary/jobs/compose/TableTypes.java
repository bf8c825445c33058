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

    /** The schema of a lake stream in SQL: its columns and the {@code rowtime} attribute. */
    static Schema tableSchema(RecordSchema schema) {
        Schema.Builder b = Schema.newBuilder();
        for (Field f : schema.fields()) {
            b.column(f.name(), sqlType(f));
        }
        if (!schema.contains(ROWTIME)) {
            b.columnByMetadata(ROWTIME, DataTypes.TIMESTAMP_LTZ(3));
            b.watermark(ROWTIME, "SOURCE_WATERMARK()");
        }
        return b.build();
    }

    /**
     * The lake schema of a query result.
     *
     * @param problems receives one message per column the lake cannot store
     */
    static RecordSchema lakeSchema(String name, ResolvedSchema resolved, List<String> problems) {
        List<Field> fields = new ArrayList<>();
        for (Column c : resolved.getColumns()) {
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
