package dev.tributary.jobs.silver;

import org.apache.flink.annotation.Internal;
import org.apache.flink.types.Row;
import org.apache.flink.util.OutputTag;

import java.time.Instant;

/**
 * The late-data rule of silver, in one place.
 *
 * <p>A record is <b>too late</b> when, at the silver operator that first sees it,
 * {@code eventTime <= currentWatermark - allowedLateness} (the dataset's declared allowed lateness). With zero
 * allowed lateness that is exactly Flink's notion of a late element ({@code ts <= watermark}). Records that are
 * behind the watermark but within the allowed lateness are still joined correctly: silver operators keep their
 * state {@code allowedLateness} longer (timers at {@code t + allowedLateness}), which also delays their output.
 * Too-late records are routed to {@code silver/_late/<dataset>} as a {@link SilverSchemas#LATE} row and counted
 * ({@code silver.<dataset>.late}); they never vanish. In BATCH mode nothing is late (there is no watermark
 * before the end of input).
 */
@Internal
public final class LateRecords {

    private LateRecords() {}

    /** The side output carrying late rows (already in {@link SilverSchemas#LATE} layout) of a dataset. */
    public static OutputTag<Row> tag(String dataset) {
        return new OutputTag<>("late-" + dataset, SilverSchemas.LATE.rowTypeInfo());
    }

    /** True if a record with {@code eventTime} is too late at a watermark (see class doc). */
    public static boolean isLate(long eventTime, long watermark, long allowedLatenessMillis) {
        if (watermark == Long.MIN_VALUE) {
            return false;
        }
        return eventTime <= watermark - allowedLatenessMillis;
    }

    /** A late row; {@code payload} is the landed row's text form (PII was protected in bronze). */
    public static Row toRow(String dataset, long eventTime, long watermark, long allowedLatenessMillis, String key, Row record) {
        Row r = SilverSchemas.LATE.newRow();
        r.setField(0, dataset);
        r.setField(1, "behind-watermark: event time " + Instant.ofEpochMilli(eventTime) + " <= watermark "
                + Instant.ofEpochMilli(watermark) + " - allowed lateness " + allowedLatenessMillis + "ms");
        r.setField(2, Instant.ofEpochMilli(eventTime));
        r.setField(3, Instant.ofEpochMilli(watermark));
        r.setField(4, key);
        r.setField(5, record.toString());
        return r;
    }

    /** Adds {@code delta} to {@code t} saturating at the long range (timers near MIN/MAX must not wrap). */
    static long plus(long t, long delta) {
        long r = t + delta;
        if (((t ^ r) & (delta ^ r)) < 0) {
            return delta > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return r;
    }
}
