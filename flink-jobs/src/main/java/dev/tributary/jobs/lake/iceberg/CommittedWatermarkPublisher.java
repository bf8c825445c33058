package dev.tributary.jobs.lake.iceberg;

import dev.tributary.jobs.lake.CheckpointWatermarks;

import org.apache.flink.annotation.Internal;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.flink.TableLoader;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Post-commit operator of {@link CompletenessIcebergSink} (parallelism 1): once Iceberg's committer has committed
 * the files of checkpoint {@code c}, the watermark this operator had when the barrier of {@code c} reached it is a
 * <em>committed watermark</em>: every row at or below it is in a committed snapshot. It is published as table
 * properties ({@link IcebergCompleteness}), only ever moving forward.
 *
 * <p>The committer sends its committables downstream after committing them, so receiving one for checkpoint
 * {@code c} means {@code c} is committed (Iceberg aggregates each checkpoint into one committable). End of input
 * ({@code Long.MAX_VALUE}: BATCH mode) counts as a watermark of +inf. In STREAMING mode with bounded input the
 * committer commits the final checkpoint after this operator's input has ended, so Flink no longer delivers its
 * message; the final sweep of {@link #notifyCheckpointComplete} reads the table instead (every checkpoint commits
 * a snapshot: {@link IcebergCompleteness#EMPTY_COMMITS} is set on tables that publish completeness).
 */
@Internal
final class CommittedWatermarkPublisher<C> extends AbstractStreamOperator<String>
        implements OneInputStreamOperator<CommittableMessage<C>, String>, BoundedOneInput {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CommittedWatermarkPublisher.class);
    private static final long EOI = Long.MAX_VALUE;
    /** How long the final sweep waits for the committer's last commit. */
    private static final long FINAL_SWEEP_TIMEOUT_MILLIS = 60_000;

    private final TableLoader loader;

    private transient CheckpointWatermarks watermarks;
    private transient long watermark;
    private transient long published;
    private transient boolean ended;
    private transient Table table;

    CommittedWatermarkPublisher(TableLoader loader) {
        this.loader = loader;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        watermarks = CheckpointWatermarks.restore(context.getOperatorStateStore());
        watermark = Long.MIN_VALUE;
        published = watermarks.safe();
    }

    @Override
    public void open() throws Exception {
        super.open();
        TableLoader copy = loader.clone();
        copy.open();
        table = copy.loadTable();
        copy.close();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        watermarks.snapshot(context.getCheckpointId(), watermark);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        watermark = mark.getTimestamp();
        super.processWatermark(mark);
    }

    @Override
    public void processElement(StreamRecord<CommittableMessage<C>> element) {
        long checkpoint = element.getValue().getCheckpointIdOrEOI();
        if (checkpoint == EOI) {
            watermarks.recordEndOfInput();
        }
        publish(watermarks.committedUpTo(checkpoint));
    }

    @Override
    public void endInput() {
        ended = true;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        if (ended && watermark == Long.MAX_VALUE && published != Long.MAX_VALUE) {
            finalSweep(checkpointId);
        }
    }

    private void finalSweep(long checkpointId) throws InterruptedException {
        String job = getRuntimeContext().getJobInfo().getJobId().toString();
        long deadline = System.nanoTime() + FINAL_SWEEP_TIMEOUT_MILLIS * 1_000_000;
        while (committedCheckpoint(job) < checkpointId) {
            if (System.nanoTime() > deadline) {
                LOG.warn("{}: checkpoint {} not committed after {} ms; the committed watermark stays at {}",
                        table.name(), checkpointId, FINAL_SWEEP_TIMEOUT_MILLIS, published);
                return;
            }
            Thread.sleep(20); // polling the committer in another task, with a deadline
        }
        watermarks.recordEndOfInput();
        publish(watermarks.committedUpTo(Long.MAX_VALUE));
    }

    /** The highest checkpoint of {@code job} committed to the table, or -1. */
    private long committedCheckpoint(String job) {
        table.refresh();
        for (Snapshot s = table.currentSnapshot(); s != null;
                s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
            Map<String, String> summary = s.summary();
            if (job.equals(summary.get("flink.job-id")) && summary.containsKey("flink.max-committed-checkpoint-id")) {
                return Long.parseLong(summary.get("flink.max-committed-checkpoint-id"));
            }
        }
        return -1;
    }

    private void publish(long committedWatermark) {
        if (committedWatermark <= published) {
            return;
        }
        table.refresh();
        IcebergCompleteness.publish(table, committedWatermark);
        published = committedWatermark;
        output.collect(new StreamRecord<>(IcebergCompleteness.describe(committedWatermark)));
    }
}
