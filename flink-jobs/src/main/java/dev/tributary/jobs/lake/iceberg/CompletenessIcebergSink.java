package dev.tributary.jobs.lake.iceberg;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.SupportsConcurrentExecutionAttempts;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreCommitTopology;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreWriteTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.IcebergSink;
import org.apache.iceberg.io.WriteResult;

import java.io.IOException;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * Iceberg's {@link IcebergSink}, delegated unchanged, plus a post-commit operator that publishes the table's
 * committed watermark ({@link CommittedWatermarkPublisher}): what {@code _SUCCESS} markers say in a Parquet lake.
 *
 * <pre>
 *   rows ─ IcebergSink writer ─ aggregator (1) ─ committer ─(committed committables, watermarks)
 *                                                    └─ global ─ {@link CommittedWatermarkPublisher} (1) ─ table properties
 * </pre>
 *
 * <p>{@code C} stands for Iceberg's committable type, which is package-private in iceberg-flink: this class never
 * looks into a committable, it only hands them from one of the delegate's methods to the next.
 */
@Internal
final class CompletenessIcebergSink<C>
        implements Sink<RowData>,
                SupportsPreWriteTopology<RowData>,
                SupportsCommitter<C>,
                SupportsPreCommitTopology<WriteResult, C>,
                SupportsPostCommitTopology<C>,
                SupportsConcurrentExecutionAttempts {
    private static final long serialVersionUID = 1L;

    private final IcebergSink delegate;
    private final TableLoader table;
    private final String publisherUid;

    /**
     * {@code rows} as a stream whose {@code sinkTo(IcebergSink)} wraps the sink into this one. Iceberg's builder
     * keeps {@code build()} to itself and sinks the stream it was given, so this is where the wrapping can happen
     * without reflection or a split package.
     */
    static DataStream<RowData> publishingCompleteness(DataStream<RowData> rows, TableLoader table, String publisherUid) {
        return new DataStream<>(rows.getExecutionEnvironment(), rows.getTransformation()) {
            @Override
            public DataStreamSink<RowData> sinkTo(Sink<RowData> sink) {
                checkArgument(sink instanceof IcebergSink, "expected Iceberg's sink, found %s", sink);
                return super.sinkTo(new CompletenessIcebergSink<>((IcebergSink) sink, table, publisherUid));
            }
        };
    }

    CompletenessIcebergSink(IcebergSink delegate, TableLoader table, String publisherUid) {
        this.delegate = checkNotNull(delegate, "delegate");
        this.table = checkNotNull(table, "table");
        this.publisherUid = checkNotNull(publisherUid, "publisherUid");
    }

    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<RowData> createWriter(InitContext context) throws IOException {
        return delegate.createWriter(context);
    }

    @Override
    public SinkWriter<RowData> createWriter(WriterInitContext context) throws IOException {
        return delegate.createWriter(context);
    }

    @Override
    public DataStream<RowData> addPreWriteTopology(DataStream<RowData> input) {
        return delegate.addPreWriteTopology(input);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Committer<C> createCommitter(CommitterInitContext context) throws IOException {
        return (Committer) delegate.createCommitter(context);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public SimpleVersionedSerializer<C> getCommittableSerializer() {
        return (SimpleVersionedSerializer) delegate.getCommittableSerializer();
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public DataStream<CommittableMessage<C>> addPreCommitTopology(DataStream<CommittableMessage<WriteResult>> results) {
        return (DataStream) delegate.addPreCommitTopology(results);
    }

    @Override
    public SimpleVersionedSerializer<WriteResult> getWriteResultSerializer() {
        return delegate.getWriteResultSerializer();
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void addPostCommitTopology(DataStream<CommittableMessage<C>> committables) {
        delegate.addPostCommitTopology((DataStream) committables);
        committables
                .global()
                .transform("committed watermark " + table, Types.STRING, new CommittedWatermarkPublisher<C>(table))
                .uid(publisherUid)
                .setParallelism(1)
                .setMaxParallelism(1);
    }
}
