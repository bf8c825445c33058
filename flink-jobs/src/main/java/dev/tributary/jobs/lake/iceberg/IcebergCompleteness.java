package dev.tributary.jobs.lake.iceberg;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.iceberg.Table;

import javax.annotation.Nullable;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Completeness of an Iceberg lake table: what {@code _SUCCESS} markers say in a Parquet lake, kept in the table's
 * properties, so any engine can read it next to the data.
 *
 * <ul>
 *   <li>{@value #WATERMARK}: the committed watermark, epoch milliseconds: every row whose event time is at or below
 *       it is in a committed snapshot, and no row at or below it will be added. {@code 9223372036854775807}
 *       ({@code Long.MAX_VALUE}) once the input ended (a bounded run finished): the whole table is complete.
 *   <li>{@value #COMPLETE_THROUGH}: the last complete UTC day ({@code yyyy-MM-dd}), derived from the watermark, or
 *       {@code all} once the input ended. A day partition {@code D} is complete iff {@code D <= complete-through}.
 * </ul>
 *
 * Only tables that never receive rows behind the watermark publish them (silver models and gold marts, the tables
 * that get {@code _SUCCESS} markers in a Parquet lake); bronze, {@code _quarantine} and {@code _late} do not.
 */
@PublicEvolving
public final class IcebergCompleteness {

    /** Table property: the committed watermark in epoch milliseconds. */
    public static final String WATERMARK = "tributary.committed-watermark";

    /** Table property: the last complete UTC day, or {@code all}. */
    public static final String COMPLETE_THROUGH = "tributary.complete-through";

    /**
     * Table property set on tables that publish completeness: commit a snapshot at every checkpoint, even an
     * empty one, so the last checkpoint of a bounded run is visible in the table.
     */
    static final String EMPTY_COMMITS = "flink.max-continuous-empty-commits";

    private IcebergCompleteness() {
    }

    /** The committed watermark of {@code table}, if it publishes one. */
    public static Optional<Long> committedWatermark(Table table) {
        String w = table.properties().get(WATERMARK);
        return w == null ? Optional.empty() : Optional.of(Long.parseLong(w));
    }

    /** Whether the UTC day partition {@code day} of {@code table} is complete. */
    public static boolean isComplete(Table table, LocalDate day) {
        return committedWatermark(table).map(w -> lastCompleteDay(w) == null || !day.isAfter(lastCompleteDay(w)))
                .orElse(false);
    }

    /** The last complete UTC day under watermark {@code w}; null when the input ended (every day is complete). */
    @Nullable
    static LocalDate lastCompleteDay(long w) {
        if (w == Long.MAX_VALUE) {
            return null;
        }
        // day D is complete when its last millisecond (D+1 00:00Z - 1 ms) is at or below the watermark
        return LocalDate.ofInstant(Instant.ofEpochMilli(w + 1), ZoneOffset.UTC).minusDays(1);
    }

    static void publish(Table table, long watermark) {
        LocalDate last = lastCompleteDay(watermark);
        table.updateProperties()
                .set(WATERMARK, Long.toString(watermark))
                .set(COMPLETE_THROUGH, last == null ? "all" : last.toString())
                .commit();
    }

    static String describe(long watermark) {
        return watermark == Long.MAX_VALUE ? "input ended: complete" : "committed watermark " + Instant.ofEpochMilli(watermark);
    }
}
