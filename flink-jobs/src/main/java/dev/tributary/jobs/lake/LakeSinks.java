package dev.tributary.jobs.lake;

import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.compactor.FileCompactStrategy;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.types.Row;

import java.io.Serializable;

/**
 * Exactly-once Parquet sinks for lake tables (FileSink, Sink V2).
 *
 * <p>Part files are in progress until a checkpoint completes, then committed atomically (a rename on
 * local file systems, a multipart-upload completion on {@code s3a://}); readers only ever see committed
 * files. Bulk formats roll a file on every checkpoint, so each checkpoint adds at most one file per
 * subtask and partition; with {@link #compactEvery(int)} small files of the same partition are merged
 * every N checkpoints (files under {@code compactSmallerThan}), so the checkpoint interval does not
 * dictate the file count. Checkpointing is required in STREAMING mode: without it nothing ever commits.
 */
@PublicEvolving
public final class LakeSinks implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int compactEveryCheckpoints;
    private final MemorySize compactSmallerThan;

    private LakeSinks(int compactEveryCheckpoints, MemorySize compactSmallerThan) {
        this.compactEveryCheckpoints = compactEveryCheckpoints;
        this.compactSmallerThan = compactSmallerThan;
    }

    /** Sinks that roll on checkpoint and never compact. */
    public static LakeSinks rollOnCheckpoint() {
        return new LakeSinks(0, MemorySize.ZERO);
    }

    /** Sinks that also merge small files of a partition every {@code checkpoints} checkpoints. */
    public static LakeSinks compactEvery(int checkpoints, MemorySize smallerThan) {
        if (checkpoints < 1) {
            throw new IllegalArgumentException("compaction interval must be >= 1 checkpoint, found " + checkpoints);
        }
        return new LakeSinks(checkpoints, smallerThan);
    }

    public boolean compacts() {
        return compactEveryCheckpoints > 0;
    }

    /**
     * A sink writing rows of {@code schema} (a prefix of each row's positions) under {@code table},
     * partitioned by the UTC date of {@code partitionColumn} as {@code <partitionName>=yyyy-MM-dd}.
     */
    public FileSink<Row> parquet(Path table, RecordSchema schema, String partitionName, String partitionColumn) {
        FileSink.DefaultBulkFormatBuilder<Row> b =
                FileSink.forBulkFormat(table, RowParquetWriters.factory(schema))
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
