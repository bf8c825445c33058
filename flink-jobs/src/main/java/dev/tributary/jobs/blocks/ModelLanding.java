package dev.tributary.jobs.blocks;

import dev.tributary.jobs.bronze.CountingFunction;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeSinks;
import dev.tributary.jobs.lake.LakeTable;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.util.Locale;
import java.util.Map;

/**
 * Lands what every model gets: its rows under {@code <layer>/<model>} (exactly its declared columns, NOT NULL
 * kept) partitioned by the UTC date of a TIMESTAMP column the model names, with {@code _SUCCESS} markers once a
 * partition is complete; the late records of each input under {@code <layer>/_late/<model>/<input>}; and the
 * counters {@code <layer>.<model>.out} and {@code <layer>.<model>.<input>.late} (run summary and Flink metrics;
 * {@code .in} is counted where the block reads each input).
 */
@PublicEvolving
public final class ModelLanding {

    private ModelLanding() {}

    /** The partition directory name for a partition column: {@code reading_ts -> reading_date}, {@code window_start -> window_date}. */
    public static String partitionName(String column) {
        String c = column.toLowerCase(Locale.ROOT);
        for (String suffix : new String[] {"_timestamp", "_time", "_start", "_ts", "_at"}) {
            if (c.endsWith(suffix) && c.length() > suffix.length()) {
                return c.substring(0, c.length() - suffix.length()) + "_date";
            }
        }
        return c + "_date";
    }

    /** Lands a model's rows and returns them (counted) for later models. */
    public static DataStream<Row> land(String layer, String model, DataStream<Row> rows, RecordSchema schema,
            String partitionColumn, LakeLayout lake, LakeSinks sinks, String uidPrefix) {
        String id = uidPrefix + layer + "-" + model;
        DataStream<Row> counted = rows
                .process(new CountingFunction<Row>(layer + "." + model + ".out", "out"), schema.rowTypeInfo())
                .uid(id + "-count-out").name(layer + " " + model + ": count out");
        sinks.write(counted, lake, LakeTable.of(layer, model, schema, partitionName(partitionColumn), partitionColumn)
                        .withCommitMarkers(id + "-markers"), id + "-sink")
                .name(layer + " " + model + ": " + sinks.format().key());
        return counted;
    }

    /** Lands a block's output and the late records of each of its inputs. */
    public static DataStream<Row> land(String layer, String model, BlockResult result, String partitionColumn,
            LakeLayout lake, LakeSinks sinks, String uidPrefix) {
        for (Map.Entry<String, DataStream<Row>> e : result.late().entrySet()) {
            landLate(layer, model, e.getKey(), e.getValue(), lake, sinks, uidPrefix);
        }
        EventTable out = result.output();
        return land(layer, model, out.rows(), out.schema(), partitionColumn, lake, sinks, uidPrefix);
    }

    /** The late table of one input of a model. */
    public static Path lateTable(LakeLayout lake, String layer, String model, String input) {
        return new Path(lake.table(layer, LakeLayout.LATE), model + "/" + input);
    }

    /** Lands late records ({@link LateRecords#SCHEMA}) of one input. */
    public static void landLate(String layer, String model, String input, DataStream<Row> late, LakeLayout lake,
            LakeSinks sinks, String uidPrefix) {
        String id = uidPrefix + layer + "-" + model + "-late-" + input;
        DataStream<Row> counted = late
                .process(new CountingFunction<Row>(layer + "." + model + "." + input + ".late", "late"), LateRecords.SCHEMA.rowTypeInfo())
                .uid(id + "-count")
                .name(layer + " " + model + ": count late " + input);
        sinks.write(counted, lake, LakeTable.side(layer, LakeLayout.LATE, model + "/" + input, LateRecords.SCHEMA, "event_date",
                        "event_time"), id + "-sink")
                .name(layer + " " + model + ": " + sinks.format().key() + " _late/" + model + "/" + input);
    }
}
