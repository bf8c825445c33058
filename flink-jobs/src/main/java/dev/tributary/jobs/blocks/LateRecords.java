package dev.tributary.jobs.blocks;

import dev.tributary.quality.api.RecordRenderer;
import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.types.Row;
import org.apache.flink.util.OutputTag;

import java.time.Instant;

/**
 * The late-data rule of every block, in one place.
 *
 * <p>A record is <b>too late</b> when, at the operator that first sees it,
 * {@code eventTime <= currentWatermark - allowedLateness} (its input's declared allowed lateness). With zero
 * allowed lateness that is exactly Flink's notion of a late element ({@code ts <= watermark}). Records behind
 * the watermark but within the allowed lateness are still processed correctly: operators keep their state
 * {@code allowedLateness} longer (timers at {@code t + allowedLateness}), which also delays their output.
 * Too-late records become a {@link #SCHEMA} row, landed in {@code <layer>/_late/<model>/<input>} and counted;
 * they never vanish. The payload is the record as JSON in the input's own column names, so it can be
 * re-ingested as it is. In BATCH mode nothing is late (there is no watermark before the end of input).
 */
@Internal
public final class LateRecords {

    /** Layout of {@code <layer>/_late/<model>/<input>} (partition {@code event_date} of {@code event_time}). */
    public static final RecordSchema SCHEMA =
            RecordSchema.of(
                    "late",
                    Field.required("model", FieldType.STRING),
                    Field.required("input", FieldType.STRING),
                    Field.required("reason", FieldType.STRING),
                    Field.required("event_time", FieldType.TIMESTAMP),
                    Field.required("watermark", FieldType.TIMESTAMP),
                    Field.optional("record_key", FieldType.STRING),
                    Field.required("payload", FieldType.STRING));

    private LateRecords() {}

    /** The side output carrying late rows (already in {@link #SCHEMA} layout) of one input of a model. */
    public static OutputTag<Row> tag(String model, String input) {
        return new OutputTag<>("late-" + model + "-" + input, SCHEMA.rowTypeInfo());
    }

    /** True if a record with {@code eventTime} is too late at a watermark (see class doc). */
    public static boolean isLate(long eventTime, long watermark, long allowedLatenessMillis) {
        if (watermark == Long.MIN_VALUE) {
            return false;
        }
        return eventTime <= plus(watermark, -allowedLatenessMillis);
    }

    /** Renders late records of one input: its name, model and column names. */
    @Internal
    public static final class Renderer implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final String model;
        private final String input;
        private final RecordRenderer json;

        public Renderer(String model, String input, RecordSchema inputSchema) {
            this.model = model;
            this.input = input;
            this.json = RecordRenderer.json(inputSchema);
        }

        public OutputTag<Row> tag() {
            return LateRecords.tag(model, input);
        }

        /** A late row for {@code record}, whose key (for humans) is {@code key}. */
        public Row toRow(long eventTime, long watermark, long allowedLatenessMillis, String key, Row record) {
            Row r = SCHEMA.newRow();
            r.setField(0, model);
            r.setField(1, input);
            r.setField(2, "behind-watermark: event time " + Instant.ofEpochMilli(eventTime) + " <= watermark "
                    + Instant.ofEpochMilli(watermark) + " - allowed lateness " + allowedLatenessMillis + "ms");
            r.setField(3, Instant.ofEpochMilli(eventTime));
            r.setField(4, Instant.ofEpochMilli(watermark));
            r.setField(5, key);
            r.setField(6, json.render(record));
            return r;
        }
    }

    /** Adds {@code delta} to {@code t} saturating at the long range (timers near MIN/MAX must not wrap). */
    public static long plus(long t, long delta) {
        long r = t + delta;
        if (((t ^ r) & (delta ^ r)) < 0) {
            return delta > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return r;
    }
}
