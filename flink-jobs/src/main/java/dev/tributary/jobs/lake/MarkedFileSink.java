package dev.tributary.jobs.lake;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.connector.file.sink.writer.FileWriterBucketState;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.io.IOException;
import java.util.Collection;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * A lake {@link FileSink} that also writes a {@code _SUCCESS} marker into each date partition once that partition
 * is complete: the watermark has passed its end and every file of it is committed.
 *
 * <pre>
 *   rows ─ FileSink writer ─(committables, watermarks)─ FileSink committer ─(committed committables, watermarks)
 *                                                           └─ global ─ {@link PartitionCommitMarker} (parallelism 1) ─ _SUCCESS
 * </pre>
 *
 * Everything FileSink does is delegated unchanged (exactly-once commit on checkpoint, compaction); this class
 * only adds a post-commit topology: the committer forwards committables after it has committed them, and the
 * marker operator knows from their summaries which checkpoints every committer subtask has committed. A
 * partition {@code <name>=D} is marked when, for some checkpoint {@code c} committed by all committer subtasks,
 * the marker's watermark recorded at {@code c} is at least {@code D+1 00:00Z - 1ms}. Files of rows at or below a
 * watermark are pre-committed at the first checkpoint after it, so they are all visible before the marker.
 * Only use it for tables that get no rows behind the watermark (event-time outputs), not for {@code _late}.
 */
@PublicEvolving
public final class MarkedFileSink<IN>
        implements Sink<IN>,
                SupportsWriterState<IN, FileWriterBucketState>,
                SupportsWriterState.WithCompatibleState,
                SupportsCommitter<FileSinkCommittable>,
                SupportsPreCommitTopology<FileSinkCommittable, FileSinkCommittable>,
                SupportsPostCommitTopology<FileSinkCommittable> {
    private static final long serialVersionUID = 1L;

    /** Name of the marker file in a complete partition. */
    public static final String SUCCESS = "_SUCCESS";

    private final FileSink<IN> delegate;
    private final Path table;
    private final String markerUid;

    public MarkedFileSink(FileSink<IN> delegate, Path table, String markerUid) {
        this.delegate = checkNotNull(delegate, "delegate");
        this.table = checkNotNull(table, "table");
        this.markerUid = checkNotNull(markerUid, "markerUid");
    }

    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<IN> createWriter(InitContext context) throws IOException {
        return delegate.createWriter(context);
    }

    @Override
    public SinkWriter<IN> createWriter(WriterInitContext context) throws IOException {
        return delegate.createWriter(context);
    }

    @Override
    public StatefulSinkWriter<IN, FileWriterBucketState> restoreWriter(
            WriterInitContext context, Collection<FileWriterBucketState> recoveredState) throws IOException {
        return delegate.restoreWriter(context, recoveredState);
    }

    @Override
    public SimpleVersionedSerializer<FileWriterBucketState> getWriterStateSerializer() {
        return delegate.getWriterStateSerializer();
    }

    @Override
    public Collection<String> getCompatibleWriterStateNames() {
        return delegate.getCompatibleWriterStateNames();
    }

    @Override
    public Committer<FileSinkCommittable> createCommitter(CommitterInitContext context) throws IOException {
        return delegate.createCommitter(context);
    }

    @Override
    public SimpleVersionedSerializer<FileSinkCommittable> getCommittableSerializer() {
        return delegate.getCommittableSerializer();
    }

    @Override
    public DataStream<CommittableMessage<FileSinkCommittable>> addPreCommitTopology(
            DataStream<CommittableMessage<FileSinkCommittable>> committables) {
        return delegate.addPreCommitTopology(committables);
    }

    @Override
    public SimpleVersionedSerializer<FileSinkCommittable> getWriteResultSerializer() {
        return delegate.getWriteResultSerializer();
    }

    @Override
    public void addPostCommitTopology(DataStream<CommittableMessage<FileSinkCommittable>> committables) {
        committables
                .global()
                .transform("commit markers " + table.getName(),
                        org.apache.flink.api.common.typeinfo.Types.STRING,
                        new PartitionCommitMarker(table.toString()))
                .uid(markerUid)
                .setParallelism(1)
                .setMaxParallelism(1);
    }
}
