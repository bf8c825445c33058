package dev.tributary.jobs.lake;

import dev.tributary.jobs.bronze.BronzeJob;
import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.types.Row;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Columns written without a dictionary: what the files hold, and which bronze columns get it. */
class RowParquetWritersTest {

    static final RecordSchema SCHEMA = RecordSchema.of("t", Field.required("id", FieldType.STRING),
            Field.required("country", FieldType.STRING), Field.required("off", FieldType.LONG));
    static final Set<Encoding> DICTIONARY = Set.of(Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY);

    @TempDir java.nio.file.Path dir;

    @Test
    void plainColumnsHaveNoDictionaryAndEveryValueReadsBack() throws Exception {
        Random random = new Random(16);
        Row[] rows = new Row[2_000];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = Row.of("k-" + Long.toHexString(random.nextLong()) + "-é" + i, random.nextBoolean() ? "DE" : "FR", random.nextLong());
        }
        Path file = new Path(dir.resolve("part-0.parquet").toUri());
        try (FSDataOutputStream out = file.getFileSystem().create(file, FileSystem.WriteMode.OVERWRITE)) {
            BulkWriter<Row> w = RowParquetWriters.factory(SCHEMA, List.of("id", "off")).create(out);
            for (Row r : rows) {
                w.addElement(r);
            }
            w.finish();
        }
        Map<String, Set<Encoding>> encodings = new HashMap<>();
        try (ParquetFileReader reader = ParquetFileReader.open(
                HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
            for (ColumnChunkMetaData c : reader.getFooter().getBlocks().get(0).getColumns()) {
                encodings.put(c.getPath().toDotString(), c.getEncodings());
            }
        }
        assertThat(encodings.get("id")).doesNotContainAnyElementsOf(DICTIONARY);
        assertThat(encodings.get("off")).doesNotContainAnyElementsOf(DICTIONARY);
        assertThat(encodings.get("country")).containsAnyElementsOf(DICTIONARY);

        List<Row> back = LakeParquetFormatTest.readRows(new LakeParquetFormat(SCHEMA), file);
        assertThat(back).containsExactly(rows);
    }

    @Test
    void bronzeTablesWriteASingleColumnDedupeKeyAndTheSourceOffsetWithoutDictionary() {
        RecordSchema declared = RecordSchema.of("events", Field.required("event_id", FieldType.STRING),
                Field.required("source", FieldType.STRING), Field.required("ts", FieldType.TIMESTAMP));
        DatasetDef single = DatasetDef.builder(declared).eventTime("ts", Duration.ofSeconds(5))
                .dedupe(List.of("event_id"), Duration.ofHours(1)).build();
        DatasetDef composite = DatasetDef.builder(declared).eventTime("ts", Duration.ofSeconds(5))
                .dedupe(List.of("event_id", "source"), Duration.ofHours(1)).build();

        assertThat(BronzeJob.table(single).plainColumns()).containsExactly("event_id", BronzeSchemas.SOURCE_OFFSET);
        assertThat(BronzeJob.table(composite).plainColumns()).containsExactly(BronzeSchemas.SOURCE_OFFSET);
        assertThatThrownBy(() -> BronzeJob.table(single).withoutDictionary(List.of("nope")))
                .hasMessageContaining("'nope' is not a column");
    }
}
