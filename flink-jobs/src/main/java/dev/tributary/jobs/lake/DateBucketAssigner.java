package dev.tributary.jobs.lake;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.types.Row;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Assigns a row to a Hive-style partition {@code <name>=yyyy-MM-dd} (UTC) from a TIMESTAMP column,
 * e.g. {@code event_date=2026-01-05}. The date comes from the record, never from the wall clock, so a
 * replay lands in the same partitions.
 */
@Internal
public final class DateBucketAssigner implements BucketAssigner<Row, String> {
    private static final long serialVersionUID = 1L;

    private final String partitionName;
    private final int position;

    public DateBucketAssigner(String partitionName, int position) {
        this.partitionName = partitionName;
        this.position = position;
    }

    @Override
    public String getBucketId(Row row, Context context) {
        Object v = row.getField(position);
        if (!(v instanceof Instant)) {
            return partitionName + "=unknown";
        }
        return partitionName + "=" + ((Instant) v).atZone(ZoneOffset.UTC).toLocalDate();
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
