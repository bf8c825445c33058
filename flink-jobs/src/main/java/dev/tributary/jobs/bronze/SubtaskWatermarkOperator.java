package dev.tributary.jobs.bronze;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.types.Row;

import java.time.Duration;
import java.time.Instant;

/**
 * Event time for one source subtask, assigned right after the source ({@link
 * BronzeInput#withWatermarksAfterSource()}): timestamps from a column, bounded out-of-orderness, and
 * idleness of the subtask as a whole (no record for {@code idleTimeout} of processing time).
 *
 * <p>Unlike {@code assignTimestampsAndWatermarks(...withIdleness(...))}, which marks a subtask active
 * again only at its next watermark increase, this operator announces {@code ACTIVE} <em>before</em> the
 * first record after an idle period. That matters after a keyBy: with records travelling while their
 * channel is still marked idle, another channel could carry the new watermark to a downstream operator
 * first, and the records would arrive late there (seen with the first changes of a CDC stream split at
 * parallelism 4: the subtask that got the stream split had idled while waiting for it).
 */
@Internal
public final class SubtaskWatermarkOperator extends AbstractStreamOperator<Row>
        implements OneInputStreamOperator<Row, Row>, ProcessingTimeCallback {
    private static final long serialVersionUID = 1L;

    private final int timestampPosition;
    private final long outOfOrdernessMillis;
    private final long idleTimeoutMillis;
    private transient long maxTimestamp;
    private transient long currentWatermark;
    private transient long lastRecordMillis;
    private transient boolean idle;
    private transient long interval;

    public SubtaskWatermarkOperator(int timestampPosition, Duration outOfOrderness, Duration idleTimeout) {
        this.timestampPosition = timestampPosition;
        this.outOfOrdernessMillis = outOfOrderness.toMillis();
        this.idleTimeoutMillis = idleTimeout.toMillis();
    }

    @Override
    public void open() throws Exception {
        super.open();
        maxTimestamp = Long.MIN_VALUE;
        currentWatermark = Long.MIN_VALUE;
        lastRecordMillis = getProcessingTimeService().getCurrentProcessingTime();
        interval = Math.max(getExecutionConfig().getAutoWatermarkInterval(), 50);
        getProcessingTimeService().registerTimer(lastRecordMillis + interval, this);
    }

    @Override
    public void processElement(StreamRecord<Row> element) {
        if (idle) {
            idle = false;
            output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
        }
        Object v = element.getValue().getField(timestampPosition);
        long ts = v instanceof Instant ? ((Instant) v).toEpochMilli() : Long.MIN_VALUE;
        maxTimestamp = Math.max(maxTimestamp, ts);
        lastRecordMillis = getProcessingTimeService().getCurrentProcessingTime();
        output.collect(element.replace(element.getValue(), ts));
    }

    @Override
    public void onProcessingTime(long time) {
        if (!idle && time - lastRecordMillis >= idleTimeoutMillis) {
            idle = true;
            output.emitWatermarkStatus(WatermarkStatus.IDLE);
        } else if (!idle && maxTimestamp != Long.MIN_VALUE) {
            long wm = maxTimestamp - outOfOrdernessMillis - 1;
            if (wm > currentWatermark) {
                currentWatermark = wm;
                output.emitWatermark(new Watermark(wm));
            }
        }
        getProcessingTimeService().registerTimer(time + interval, this);
    }

    /** Upstream watermarks are replaced by this operator's; only end of input passes through. */
    @Override
    public void processWatermark(Watermark mark) {
        if (mark.getTimestamp() == Long.MAX_VALUE && currentWatermark != Long.MAX_VALUE) {
            currentWatermark = Long.MAX_VALUE;
            if (idle) {
                idle = false;
                output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
            }
            output.emitWatermark(mark);
        }
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus watermarkStatus) {
        // this operator decides the subtask's status
    }
}
