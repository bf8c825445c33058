package dev.tributary.jobs.blocks;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Row;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Wiring and checks the generic blocks share. */
@Internal
final class Blocks {

    private Blocks() {}

    /** Routes too-late records of an input to its late side output; forwards the rest cut to its layout. */
    static SingleOutputStreamOperator<Row> route(String layer, String model, EventTable in, LateRecords.Renderer late,
            int[] keys, String uidPrefix) {
        return in.rows()
                .process(new LateDataRouter(late, in.schema().arity(), keys, in.latenessMillis(),
                        layer + "." + model + "." + in.name() + ".in"), in.schema().rowTypeInfo())
                .uid(uidPrefix + layer + "-" + model + "-route-" + in.name()).name(layer + " " + model + ": route late " + in.name());
    }

    /** Re-stamps rows with their time column and holds the watermark back by {@code delayMillis}. */
    static DataStream<Row> restamp(DataStream<Row> rows, RecordSchema schema, String timeColumn, long delayMillis, String uid) {
        return rows.transform("event time = " + timeColumn, schema.rowTypeInfo(),
                        new EventTimeRestamper(schema.indexOf(timeColumn), delayMillis))
                .uid(uid);
    }

    static void requireTime(String role, EventTable t) {
        if (t.timeColumn() == null) {
            throw new BlockInputException(role, "table '" + t.name() + "', which has no event time", "a table with an"
                    + " event-time TIMESTAMP column (a source with 'event-time', or a model that keeps one)");
        }
    }

    /** Keys: known columns, as many on each side, same types. */
    static void checkKeys(EventTable left, List<String> leftKeys, EventTable right, List<String> rightKeys) {
        if (leftKeys.size() != rightKeys.size() || leftKeys.isEmpty()) {
            throw new IllegalArgumentException("keys: " + leftKeys + " and " + rightKeys
                    + "; expected one or more key columns, as many on each side");
        }
        for (int i = 0; i < leftKeys.size(); i++) {
            Field l = column("keys", left, leftKeys.get(i));
            Field r = column("keys", right, rightKeys.get(i));
            boolean same = l.type() == r.type() && (l.type() != FieldType.DECIMAL || l.scale() == r.scale());
            if (!same) {
                throw new IllegalArgumentException("keys: '" + l.name() + "' of '" + left.name() + "' is "
                        + FieldTypes.describe(l.asOptional()) + " but '" + r.name() + "' of '" + right.name() + "' is "
                        + FieldTypes.describe(r.asOptional()) + "; expected key columns of the same type on both sides");
            }
        }
    }

    static Field column(String what, EventTable t, String column) {
        if (!t.schema().contains(column)) {
            throw new IllegalArgumentException(what + ": unknown column '" + column + "' of '" + t.name() + "'; expected one of "
                    + t.schema().fieldNames());
        }
        return t.schema().field(column);
    }

    /** An output layout; names must be unique. */
    static RecordSchema schema(String name, List<Field> fields) {
        Set<String> seen = new HashSet<>();
        for (Field f : fields) {
            if (!seen.add(f.name())) {
                throw new IllegalArgumentException("output column '" + f.name() + "' appears twice; expected unique names"
                        + " (rename with 'col AS name' or a prefix)");
            }
        }
        return new RecordSchema(name, fields);
    }

    static String text(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
