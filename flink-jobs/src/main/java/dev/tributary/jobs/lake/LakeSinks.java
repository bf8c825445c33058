package dev.tributary.jobs.lake;

import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.compactor.FileCompactStrategy;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.types.Row;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.List;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * How every layer writes its lake tables: the single seam between the jobs and the lake format. Jobs describe a
 * table ({@link LakeTable}) and call {@link #write}; the format decides the rest:
 *
 * <ul>
 *   <li>{@link LakeFormat#PARQUET} (default): exactly-once Parquet folders by Flink's FileSink (below), with
 *       {@code _SUCCESS} markers ({@link MarkedFileSink}) for tables that ask for them;
 *   <li>{@link LakeFormat#ICEBERG}: the {@link LakeTableWriter} given to {@link #withWriter} (an Iceberg lake).
 * </ul>
 *
 * <p>Parquet folders:
 * <p>Part files are in progress until a checkpoint completes, then committed atomically (a rename on
 * local file systems, a multipart-upload completion on {@code s3a://}); readers only ever see committed
 * files. Bulk formats roll a file on every checkpoint, so each checkpoint adds at most one file per
 * subtask and partition; with {@link #compactEvery(int)} small files of the same partition are merged
 * every N checkpoints (files under {@code compactSmallerThan}), so the checkpoint interval does not
 * dictate the file count. Checkpointing is required in STREAMING mode: without it nothing ever commits.
 */
@PublicEvolving
public final class LakeSinks implements LakeTableWriter {
    private static final long serialVersionUID = 1L;

    private final int compactEveryCheckpoints;
    private final MemorySize compactSmallerThan;
    /** The writer of another table format; null: Parquet folders. */
    @Nullable private final LakeTableWriter writer;

    private LakeSinks(int compactEveryCheckpoints, MemorySize compactSmallerThan, @Nullable LakeTableWriter writer) {
        this.compactEveryCheckpoints = compactEveryCheckpoints;
        this.compactSmallerThan = compactSmallerThan;
        this.writer = writer;
    }

    /** Sinks that roll on checkpoint and never compact. */
    public static LakeSinks rollOnCheckpoint() {
        return new LakeSinks(0, MemorySize.ZERO, null);
    }

    /** Sinks that also merge small files of a partition every {@code checkpoints} checkpoints. */
    public static LakeSinks compactEvery(int checkpoints, MemorySize smallerThan) {
        if (checkpoints < 1) {
            throw new IllegalArgumentException("compaction interval must be >= 1 checkpoint, found " + checkpoints);
        }
        return new LakeSinks(checkpoints, smallerThan, null);
    }

    /** The same sinks writing every table with {@code tableWriter} (another format) instead of Parquet folders. */
    public LakeSinks withWriter(LakeTableWriter tableWriter) {
        checkNotNull(tableWriter, "tableWriter");
        if (tableWriter instanceof LakeSinks) {
            throw new IllegalArgumentException("a LakeSinks writes Parquet folders itself");
        }
        return new LakeSinks(compactEveryCheckpoints, compactSmallerThan, tableWriter);
    }

    public boolean compacts() {
        return compactEveryCheckpoints > 0;
    }

    @Override
    public LakeFormat format() {
        return writer == null ? LakeFormat.PARQUET : writer.format();
    }

    /**
     * Lands {@code rows} in {@code table} of {@code lake}, exactly once (commits on checkpoints), in the lake's
     * format; the sink gets {@code uid} (Iceberg's writer and committer derive theirs from it). Name the returned
     * sink.
     */
    @Override
    public DataStreamSink<?> write(DataStream<Row> rows, LakeLayout lake, LakeTable table, String uid) {
        if (writer != null) {
            return writer.write(rows, lake, table, uid);
        }
        Path path = table.path(lake);
        FileSink<Row> files = parquet(path, table.schema(), table.partitionName(), table.partitionColumn(), table.plainColumns());
        DataStreamSink<Row> sink = table.hasCommitMarkers()
                ? rows.sinkTo(new MarkedFileSink<>(files, path, table.markerUid()))
                : rows.sinkTo(files);
        return sink.uid(uid);
    }

    /**
     * A sink writing rows of {@code schema} (a prefix of each row's positions) under {@code table},
     * partitioned by the UTC date of {@code partitionColumn} as {@code <partitionName>=yyyy-MM-dd}.
     */
    public FileSink<Row> parquet(Path table, RecordSchema schema, String partitionName, String partitionColumn) {
        return parquet(table, schema, partitionName, partitionColumn, List.of());
    }

    /** As above, with {@code plainColumns} written without dictionary encoding ({@link LakeTable#withoutDictionary}). */
    public FileSink<Row> parquet(Path table, RecordSchema schema, String partitionName, String partitionColumn,
            List<String> plainColumns) {
        FileSink.DefaultBulkFormatBuilder<Row> b =
                FileSink.forBulkFormat(table, RowParquetWriters.factory(schema, plainColumns))
                        .withBucketAssigner(new DateBucketAssigner(partitionName, schema.indexOf(partitionColumn)))
                        .withRollingPolicy(OnCheckpointRollingPolicy.build())
                        .withOutputFileConfig(
                                OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(LakeFiles.PARQUET_SUFFIX).build());
        if (compacts()) {
            b = b.enableCompact(
                    FileCompactStrategy.Builder.newBuilder()
                            .enableCompactionOnCheckpoint(compactEveryCheckpoints)
                            .setSizeThreshold(compactSmallerThan.getBytes())
                            .setNumCompactThreads(1)
                            .build(),
                    new RecordWiseFileCompactor<>(new ParquetRowCompactorReader.Factory(schema)));
        }
        return b.build();
    }
}
