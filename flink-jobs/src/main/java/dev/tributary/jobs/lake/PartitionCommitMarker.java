package dev.tributary.jobs.lake;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableSummary;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Post-commit operator of {@link MarkedFileSink} (parallelism 1): writes {@code <table>/<partition>/_SUCCESS} for a
 * date partition once it is complete, and emits the partition's id.
 *
 * <p>Complete means: there is a checkpoint {@code c} such that (1) the watermark this operator had when the
 * barrier of {@code c} reached it is at or past the partition's last millisecond, and (2) every committer subtask
 * has reported (by a {@link CommittableSummary}, sent after committing) checkpoint {@code c} or a later one. End of
 * input ({@code checkpointIdOrEOI == Long.MAX_VALUE}, BATCH mode or the final checkpoint) counts as a watermark of
 * +inf. A bounded STREAMING run's last partitions are handled by {@link #notifyCheckpointComplete}'s final sweep.
 * Writing a marker is idempotent (overwrite), so a replay after failover re-writes the same markers.
 */
@Internal
final class PartitionCommitMarker extends AbstractStreamOperator<String>
        implements OneInputStreamOperator<CommittableMessage<FileSinkCommittable>, String>, BoundedOneInput {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PartitionCommitMarker.class);
    private static final long EOI = Long.MAX_VALUE;
    /** How long the final sweep waits for the committers' last renames. */
    private static final long FINAL_SWEEP_TIMEOUT_MILLIS = 60_000;

    private final String table;

    private transient TreeSet<String> partitions;
    private transient CheckpointWatermarks watermarks;
    /** committer subtask -> highest checkpoint it has committed. */
    private transient Map<Integer, Long> committed;
    private transient int committers;
    private transient long watermark;
    private transient boolean ended;

    private transient ListState<String> partitionsState;
    private transient ListState<Tuple2<Integer, Long>> committedState;

    PartitionCommitMarker(String table) {
        this.table = table;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        partitionsState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("partitions", Types.STRING));
        committedState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("committed", Types.TUPLE(Types.INT, Types.LONG)));
        partitions = new TreeSet<>();
        watermarks = CheckpointWatermarks.restore(context.getOperatorStateStore());
        committed = new HashMap<>();
        watermark = Long.MIN_VALUE;
        committers = -1;
        for (String p : partitionsState.get()) {
            partitions.add(p);
        }
        // Committer progress is not restored: after a restore, committers re-report what they commit.
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        watermarks.snapshot(context.getCheckpointId(), watermark);
        partitionsState.update(new ArrayList<>(partitions));
        committedState.update(List.of());
    }

    @Override
    public void processElement(StreamRecord<CommittableMessage<FileSinkCommittable>> element) throws Exception {
        CommittableMessage<FileSinkCommittable> m = element.getValue();
        if (m instanceof CommittableSummary) {
            CommittableSummary<FileSinkCommittable> s = (CommittableSummary<FileSinkCommittable>) m;
            committers = s.getNumberOfSubtasks();
            committed.merge(s.getSubtaskId(), s.getCheckpointIdOrEOI(), Math::max);
            if (s.getCheckpointIdOrEOI() == EOI) {
                watermarks.recordEndOfInput();
            }
        } else if (m instanceof CommittableWithLineage) {
            FileSinkCommittable c = ((CommittableWithLineage<FileSinkCommittable>) m).getCommittable();
            if (c.hasPendingFile()) {
                partitions.add(c.getBucketId());
            }
        }
        markComplete();
    }

    @Override
    public void endInput() {
        ended = true;
    }

    /**
     * In STREAMING mode with bounded input, the committers commit the last files when the final checkpoint
     * completes, and Flink does not deliver what they emit after that to this operator (its input has ended).
     * So once the final checkpoint is complete (the files are committed or being renamed) and the watermark is
     * +inf, every remaining partition of the table is complete as soon as no in-progress or pending file is left
     * in it; this waits (bounded) for that, then marks it.
     */
    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        markComplete();
        if (ended && watermark == Long.MAX_VALUE) {
            finalSweep();
        }
    }

    private void finalSweep() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + FINAL_SWEEP_TIMEOUT_MILLIS * 1_000_000;
        for (Path partition : LakePartitions.of(new Path(table)).incomplete()) {
            while (hasUncommittedFiles(partition)) {
                if (System.nanoTime() > deadline) {
                    LOG.warn("{}: files still uncommitted after {} ms, not marking it complete", partition, FINAL_SWEEP_TIMEOUT_MILLIS);
                    return;
                }
                Thread.sleep(20); // polling the committers' renames in another task, with a deadline
            }
            String name = partition.getName();
            writeMarker(name, Long.MAX_VALUE);
            partitions.remove(name);
            output.collect(new StreamRecord<>(name));
        }
    }

    private static boolean hasUncommittedFiles(Path partition) throws IOException {
        FileStatus[] files;
        try {
            files = partition.getFileSystem().listStatus(partition);
        } catch (java.io.FileNotFoundException renamedWhileListing) {
            // A committer in another task renamed a file between the listing and its stat (local file
            // systems list, then stat each entry): the partition is still being committed; look again.
            return true;
        }
        for (FileStatus f : files == null ? new FileStatus[0] : files) {
            String n = f.getPath().getName();
            if (n.startsWith(".") && n.contains("inprogress")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        watermark = mark.getTimestamp();
        super.processWatermark(mark);
    }

    private void markComplete() throws IOException {
        if (committers < 0 || committed.size() < committers) {
            return;
        }
        long committedUpTo = Long.MAX_VALUE;
        for (long c : committed.values()) {
            committedUpTo = Math.min(committedUpTo, c);
        }
        long safe = watermarks.committedUpTo(committedUpTo);
        List<String> done = new ArrayList<>();
        for (String p : partitions) {
            long lastMillis = partitionEnd(p) - 1;
            if (lastMillis <= safe) {
                writeMarker(p, safe);
                done.add(p);
            }
        }
        partitions.removeAll(done);
        for (String p : done) {
            output.collect(new StreamRecord<>(p));
        }
    }

    private void writeMarker(String partition, long safeWatermark) throws IOException {
        Path marker = new Path(new Path(table, partition), MarkedFileSink.SUCCESS);
        FileSystem fs = marker.getFileSystem();
        try (OutputStream out = fs.create(marker, FileSystem.WriteMode.OVERWRITE)) {
            out.write(("{\"partition\":\"" + partition + "\",\"watermark\":" + safeWatermark + "}\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    /** First millisecond after a {@code name=yyyy-MM-dd} partition (UTC); unknown layouts never complete. */
    static long partitionEnd(String bucketId) {
        int eq = bucketId.lastIndexOf('=');
        try {
            return LocalDate.parse(bucketId.substring(eq + 1)).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (RuntimeException e) {
            return Long.MAX_VALUE;
        }
    }
}
