package dev.tributary.jobs.bronze;

import dev.tributary.transforms.api.QuarantineRecord;

import org.apache.flink.annotation.Internal;
import org.apache.flink.types.Row;

/** Converts quarantine records to rows of {@link BronzeSchemas#QUARANTINE} and back. */
@Internal
public final class QuarantineRows {

    private QuarantineRows() {}

    public static Row toRow(QuarantineRecord q) {
        return Row.of(q.dataset, q.reason, q.failedRules, q.rawPayload, q.source, q.sourcePartition,
                q.sourceOffset, q.eventTime, q.quarantinedAt);
    }

    public static QuarantineRecord fromRow(Row r) {
        return new QuarantineRecord((String) r.getField(0), (String) r.getField(1), (String) r.getField(2),
                (String) r.getField(3), (String) r.getField(4), (Integer) r.getField(5), (Long) r.getField(6),
                (java.time.Instant) r.getField(7), (java.time.Instant) r.getField(8));
    }
}
