package dev.tributary.jobs.lake;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LakeParquetFormatTest {

    static final RecordSchema SCHEMA = RecordSchema.of("t",
            Field.required("id", FieldType.STRING), Field.required("ts", FieldType.TIMESTAMP));

    @TempDir java.nio.file.Path dir;

    @Test
    void readsAFileAndResumesAfterTheRecordsOfACheckpointedPosition() throws Exception {
        Path file = new Path(dir.resolve("part-0.parquet").toUri());
        try (FSDataOutputStream out = file.getFileSystem().create(file, FileSystem.WriteMode.OVERWRITE)) {
            BulkWriter<Row> w = RowParquetWriters.factory(SCHEMA).create(out);
            for (int i = 0; i < 5; i++) {
                w.addElement(Row.of("r" + i, Instant.ofEpochMilli(i)));
            }
            w.finish();
        }
        long size = file.getFileSystem().getFileStatus(file).getLen();
        LakeParquetFormat format = new LakeParquetFormat(SCHEMA);

        List<String> all = read(format.createReader(new Configuration(), split(file, size, null)));
        List<String> resumed = read(format.restoreReader(new Configuration(),
                split(file, size, new CheckpointedPosition(CheckpointedPosition.NO_OFFSET, 2))));

        assertThat(all).containsExactly("r0", "r1", "r2", "r3", "r4");
        assertThat(resumed).containsExactly("r2", "r3", "r4");
        assertThat(format.isSplittable()).isFalse();
    }

    /** Every row of a whole file. */
    static List<Row> readRows(LakeParquetFormat format, Path file) throws Exception {
        long size = file.getFileSystem().getFileStatus(file).getLen();
        BulkFormat.Reader<Row> reader = format.createReader(new Configuration(), split(file, size, null));
        List<Row> rows = new ArrayList<>();
        BulkFormat.RecordIterator<Row> batch;
        while ((batch = reader.readBatch()) != null) {
            RecordAndPosition<Row> r;
            while ((r = batch.next()) != null) {
                rows.add(Row.copy(r.getRecord()));
            }
            batch.releaseBatch();
        }
        reader.close();
        return rows;
    }

    private static FileSourceSplit split(Path file, long size, CheckpointedPosition position) {
        return new FileSourceSplit("0", file, 0, size, 0, size, new String[0], position);
    }

    private static List<String> read(BulkFormat.Reader<Row> reader) throws Exception {
        List<String> ids = new ArrayList<>();
        BulkFormat.RecordIterator<Row> batch;
        while ((batch = reader.readBatch()) != null) {
            RecordAndPosition<Row> r;
            while ((r = batch.next()) != null) {
                ids.add((String) r.getRecord().getField(0));
            }
            batch.releaseBatch();
        }
        reader.close();
        return ids;
    }
}
