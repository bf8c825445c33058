package dev.tributary.jobs.blocks;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Row;

import java.time.Instant;

/**
 * Gives each row its event time back (from a TIMESTAMP column) and holds the watermark back by the
 * upstream operators' emission delay, so that downstream event-time windows see silver rows on time.
 *
 * <p>Why: a join that waits for its interval to close emits a row for event time {@code t} from a timer at
 * {@code t + delay}; Flink stamps such a row with the timer's time and forwards watermarks up to
 * {@code t + delay}. Re-stamping with {@code t} and forwarding {@code watermark - delay} restores the invariant
 * "no row at or below the forwarded watermark follows it", provided every upstream emission for event time
 * {@code t} happens before the upstream watermark passes {@code t + delay} (true for timers registered at
 * {@code t + d'} with {@code d' <= delay}: they fire before that watermark is forwarded). Idleness
 * ({@code WatermarkStatus}) passes through unchanged. With {@link #KEEP_TIMESTAMP} it only holds the watermark back
 * (a SQL model's input with allowed lateness, which Flink SQL's operators do not know).
 */
@Internal
public final class EventTimeRestamper extends AbstractStreamOperator<Row> implements OneInputStreamOperator<Row, Row> {
    private static final long serialVersionUID = 1L;

    /** Event-time position meaning: keep each row's timestamp, only hold the watermark back. */
    public static final int KEEP_TIMESTAMP = -1;

    private final int eventTimePosition;
    private final long holdbackMillis;

    public EventTimeRestamper(int eventTimePosition, long holdbackMillis) {
        if (holdbackMillis < 0) {
            throw new IllegalArgumentException("holdback must be >= 0, found " + holdbackMillis);
        }
        this.eventTimePosition = eventTimePosition;
        this.holdbackMillis = holdbackMillis;
    }

    @Override
    public void processElement(StreamRecord<Row> element) {
        Object time = eventTimePosition == KEEP_TIMESTAMP ? null : element.getValue().getField(eventTimePosition);
        if (time == null) {
            output.collect(element); // keep the timestamp it has (a nullable time column of a SQL result may be null)
            return;
        }
        output.collect(element.replace(element.getValue(), ((Instant) time).toEpochMilli()));
    }

    @Override
    public void processWatermark(Watermark mark) {
        long t = mark.getTimestamp();
        if (t == Long.MAX_VALUE || t == Long.MIN_VALUE) {
            output.emitWatermark(mark);
        } else {
            output.emitWatermark(new Watermark(LateRecords.plus(t, -holdbackMillis)));
        }
    }
}
