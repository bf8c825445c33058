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
 * <p><b>Coming back from idleness.</b> Flink ignores an idle channel when it computes an operator's
 * watermark. When this subtask becomes active again, the {@code ACTIVE} status travels downstream as an
 * event, separately through every parallel instance of every exchange in between (the bronze dedupe's
 * keyBy, then SCD2's or a join's keyBy). If this subtask emitted a higher watermark right away, it could
 * reach an operator through a fast instance while a slow instance, still marked idle there, carries the
 * records emitted before that watermark: they would arrive behind the watermark and go to {@code _late}
 * (seen with the first changes of a CDC stream split at parallelism 4: all subtasks had idled while the
 * stream split was being assigned). So, after an idle period, this operator:
 * <ol>
 *   <li>announces {@code ACTIVE} before the first record (not at its next watermark, as {@code
 *       WatermarksWithIdleness} does), and
 *   <li>emits no higher watermark until a checkpoint whose barrier followed that {@code ACTIVE} has
 *       completed. Aligned barriers travel behind the status on every channel, so completion means every
 *       downstream instance has seen it; from then on a slow path holds the watermark back instead of
 *       being skipped. Records keep flowing meanwhile; only event-time progress waits for one checkpoint.
 * </ol>
 * Without checkpointing (or with unaligned checkpoints, where barriers overtake records) the second
 * step has no such guarantee; tributary's streaming runs always checkpoint, aligned. The end of input
 * (the final {@code MAX} watermark) is passed on at once: a CDC stream does not end.
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
    private transient boolean checkpointing;
    /** Active again after idleness: watermarks wait until {@link #releaseCheckpoint} completes. */
    private transient boolean holding;
    /** The first checkpoint whose barrier this subtask emitted after its {@code ACTIVE}; -1 while none. */
    private transient long releaseCheckpoint;

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
        checkpointing = getOperatorConfig().isCheckpointingEnabled();
        lastRecordMillis = getProcessingTimeService().getCurrentProcessingTime();
        interval = Math.max(getExecutionConfig().getAutoWatermarkInterval(), 50);
        getProcessingTimeService().registerTimer(lastRecordMillis + interval, this);
    }

    @Override
    public void processElement(StreamRecord<Row> element) {
        if (idle) {
            idle = false;
            output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
            holding = checkpointing;
            releaseCheckpoint = -1;
        }
        Object v = element.getValue().getField(timestampPosition);
        long ts = v instanceof Instant ? ((Instant) v).toEpochMilli() : Long.MIN_VALUE;
        maxTimestamp = Math.max(maxTimestamp, ts);
        lastRecordMillis = getProcessingTimeService().getCurrentProcessingTime();
        output.collect(element.replace(element.getValue(), ts));
    }

    @Override
    public void onProcessingTime(long time) {
        // While holding, stay active: idling again would need yet another barrier after the next ACTIVE.
        if (!idle && !holding && time - lastRecordMillis >= idleTimeoutMillis) {
            idle = true;
            output.emitWatermarkStatus(WatermarkStatus.IDLE);
        } else if (!idle && !holding) {
            emitWatermarkIfHigher();
        }
        getProcessingTimeService().registerTimer(time + interval, this);
    }

    private void emitWatermarkIfHigher() {
        if (maxTimestamp == Long.MIN_VALUE || currentWatermark == Long.MAX_VALUE) {
            return;
        }
        long wm = maxTimestamp - outOfOrdernessMillis - 1;
        if (wm > currentWatermark) {
            currentWatermark = wm;
            output.emitWatermark(new Watermark(wm));
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        // Runs right before this subtask emits the barrier: everything emitted so far, ACTIVE included, precedes it.
        if (holding && releaseCheckpoint < 0) {
            releaseCheckpoint = checkpointId;
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        if (holding && releaseCheckpoint >= 0 && checkpointId >= releaseCheckpoint) {
            holding = false;
            if (!idle) {
                emitWatermarkIfHigher();
            }
        }
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
