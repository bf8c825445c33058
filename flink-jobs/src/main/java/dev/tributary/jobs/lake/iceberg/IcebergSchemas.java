package dev.tributary.jobs.lake.iceberg;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.List;

/**
 * Our record schemas as Iceberg schemas, the hidden day partition, and schema evolution: which changes of a
 * table's {@link RecordSchema} an existing Iceberg table can take without a rewrite.
 *
 * <p>Evolution rules: a new column is added (it must be nullable: old rows have no value); a column that became
 * nullable is made optional; int widens to long and a decimal's precision may grow at the same scale (Iceberg's
 * type promotions). Everything else (another type, a new required column, a column the table requires but the
 * schema no longer has) is refused with the reason. A column the schema dropped but the table has as optional
 * stays in the table and is written as null.
 */
@Internal
public final class IcebergSchemas {

    private IcebergSchemas() {}

    /** The Iceberg type of a column. Timestamps are instants: {@code timestamptz}. */
    public static Type type(Field f) {
        switch (f.type()) {
            case STRING:
                return Types.StringType.get();
            case BOOLEAN:
                return Types.BooleanType.get();
            case INT:
                return Types.IntegerType.get();
            case LONG:
                return Types.LongType.get();
            case DOUBLE:
                return Types.DoubleType.get();
            case DECIMAL:
                return Types.DecimalType.of(f.precision(), f.scale());
            case TIMESTAMP:
                return Types.TimestampType.withZone();
            case DATE:
                return Types.DateType.get();
            default:
                throw new IllegalArgumentException("no Iceberg type for " + f);
        }
    }

    /** A new table's schema: columns in order, ids from 1, required as declared. */
    public static Schema schema(RecordSchema schema) {
        List<Types.NestedField> cols = new ArrayList<>();
        int id = 1;
        for (Field f : schema.fields()) {
            cols.add(Types.NestedField.of(id++, !f.isRequired(), f.name(), type(f)));
        }
        return new Schema(cols);
    }

    /** Hidden partitioning by the UTC day of {@code column} (timestamp or date); unpartitioned when null. */
    public static PartitionSpec spec(Schema schema, @Nullable String column) {
        if (column == null) {
            return PartitionSpec.unpartitioned();
        }
        Types.NestedField f = schema.findField(column);
        if (f == null) {
            throw new IllegalArgumentException("partition column '" + column + "' is not in " + schema);
        }
        Type.TypeID t = f.type().typeId();
        return t == Type.TypeID.TIMESTAMP || t == Type.TypeID.DATE
                ? PartitionSpec.builderFor(schema).day(column).build()
                : PartitionSpec.builderFor(schema).identity(column).build();
    }

    /**
     * The problems that keep {@code table} from taking rows of {@code wanted}, each naming the column and why;
     * empty when it can (after {@link #evolve}).
     */
    public static List<String> incompatibilities(Schema table, RecordSchema wanted) {
        List<String> problems = new ArrayList<>();
        for (Field f : wanted.fields()) {
            Types.NestedField col = table.findField(f.name());
            Type want = type(f);
            if (col == null) {
                if (f.isRequired()) {
                    problems.add("new column '" + f.name() + "' is required: rows already in the table have no value"
                            + " for it (declare it nullable, or write a new table)");
                }
            } else if (!col.type().equals(want) && !promotable(col.type(), want)) {
                problems.add("column '" + f.name() + "' is " + col.type() + " in the table and " + want
                        + " in the schema (Iceberg only widens int to long, float to double and a decimal's precision)");
            }
        }
        for (Types.NestedField col : table.columns()) {
            if (col.isRequired() && !wanted.contains(col.name())) {
                problems.add("required column '" + col.name() + "' of the table is not in the schema any more");
            }
        }
        return problems;
    }

    /** Whether Iceberg can promote {@code from} to {@code to} in place. */
    static boolean promotable(Type from, Type to) {
        if (from.typeId() == Type.TypeID.INTEGER && to.typeId() == Type.TypeID.LONG) {
            return true;
        }
        if (from.typeId() == Type.TypeID.FLOAT && to.typeId() == Type.TypeID.DOUBLE) {
            return true;
        }
        if (from instanceof Types.DecimalType && to instanceof Types.DecimalType) {
            Types.DecimalType a = (Types.DecimalType) from;
            Types.DecimalType b = (Types.DecimalType) to;
            return a.scale() == b.scale() && b.precision() >= a.precision();
        }
        return false;
    }

    /**
     * Applies the compatible changes from {@code table} to {@code wanted} (new nullable columns at the end, widened
     * types, columns made optional); returns whether anything changed. Call after {@link #incompatibilities} is empty.
     */
    public static boolean evolve(Schema table, RecordSchema wanted, UpdateSchema update) {
        boolean changed = false;
        for (Field f : wanted.fields()) {
            Types.NestedField col = table.findField(f.name());
            Type want = type(f);
            if (col == null) {
                update.addColumn(f.name(), want);
                changed = true;
                continue;
            }
            if (!col.type().equals(want)) {
                update.updateColumn(f.name(), want.asPrimitiveType());
                changed = true;
            }
            if (col.isRequired() && !f.isRequired()) {
                update.makeColumnOptional(f.name());
                changed = true;
            }
        }
        return changed;
    }
}
