package dev.tributary.jobs.lake;

import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.Path;
import org.apache.flink.types.Row;

import javax.annotation.Nullable;

import java.io.IOException;
import java.util.List;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * A {@link BulkFormat} reading committed lake Parquet files back as rows of a {@link RecordSchema} (columns matched
 * by name, as {@link LakeFiles#read}), for a bounded FLIP-27 {@code FileSource} over a lake table:
 *
 * <pre>{@code
 * FileSource.forBulkFileFormat(new LakeParquetFormat(schema), lake.bronze("readings")).build()
 * }</pre>
 *
 * A file is one split (not splittable) and is read as one batch; the reader position is "records after the
 * start", so a restore skips the rows already emitted. The FileSource's default filter skips hidden files
 * ({@code .part-*} in progress, {@code _SUCCESS}), so only committed data is read. Files are read whole into
 * memory: fine for checkpoint-rolled part files, not for multi-GB files.
 */
@PublicEvolving
public final class LakeParquetFormat implements BulkFormat<Row, FileSourceSplit> {
    private static final long serialVersionUID = 1L;

    private final RecordSchema schema;

    public LakeParquetFormat(RecordSchema schema) {
        this.schema = checkNotNull(schema, "schema");
    }

    /** A bounded FLIP-27 source over the committed Parquet files under {@code paths} (tables or partitions). */
    public static FileSource<Row> source(RecordSchema schema, Path... paths) {
        return FileSource.forBulkFileFormat(new LakeParquetFormat(schema), paths).build();
    }

    @Override
    public Reader<Row> createReader(Configuration config, FileSourceSplit split) {
        return new FileReader(split, 0);
    }

    @Override
    public Reader<Row> restoreReader(Configuration config, FileSourceSplit split) {
        long skip = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return new FileReader(split, skip);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<Row> getProducedType() {
        return schema.rowTypeInfo();
    }

    private final class FileReader implements Reader<Row> {
        @Nullable private FileSourceSplit split;
        private final long skip;

        FileReader(FileSourceSplit split, long skip) {
            this.split = split;
            this.skip = skip;
        }

        @Nullable
        @Override
        public RecordIterator<Row> readBatch() throws IOException {
            if (split == null) {
                return null;
            }
            List<Row> rows = LakeFiles.read(split.path(), schema);
            split = null;
            int from = (int) Math.min(skip, rows.size());
            Row[] batch = rows.subList(from, rows.size()).toArray(new Row[0]);
            ArrayResultIterator<Row> it = new ArrayResultIterator<>();
            it.set(batch, batch.length, CheckpointedPosition.NO_OFFSET, from);
            return it;
        }

        @Override
        public void close() {}
    }
}
