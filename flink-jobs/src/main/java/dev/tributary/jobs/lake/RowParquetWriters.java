package dev.tributary.jobs.lake;

import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.flink.types.Row;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

import java.util.List;
import java.util.Map;

/** Bulk writer factories that write {@link Row}s of a {@link RecordSchema} as Parquet (Snappy). */
@Internal
public final class RowParquetWriters {

    /** Key of the file metadata entry naming the dataset. */
    public static final String DATASET_METADATA_KEY = "tributary.dataset";

    private RowParquetWriters() {}

    public static ParquetWriterFactory<Row> factory(RecordSchema schema) {
        return factory(schema, List.of());
    }

    /** As {@link #factory(RecordSchema)}, with the given columns written without dictionary encoding. */
    public static ParquetWriterFactory<Row> factory(RecordSchema schema, List<String> plainColumns) {
        return new ParquetWriterFactory<>(new RowParquetBuilder(schema, plainColumns));
    }

    /** Serializable builder: the schema travels, the writer is created on the task. */
    private static final class RowParquetBuilder implements ParquetBuilder<Row> {
        private static final long serialVersionUID = 1L;
        private final RecordSchema schema;
        private final List<String> plainColumns;
        /**
         * One Hadoop configuration per task, not one per file: a fresh {@code Configuration} parses
         * core-default.xml/core-site.xml on first use, and Parquet's builder makes one per writer. With files
         * rolled on every checkpoint that parse was ~10 % of the bronze job's CPU (JFR, benchmarks/README.md).
         */
        private transient Configuration conf;

        RowParquetBuilder(RecordSchema schema, List<String> plainColumns) {
            this.schema = schema;
            this.plainColumns = List.copyOf(plainColumns);
        }

        @Override
        public ParquetWriter<Row> createWriter(OutputFile out) throws java.io.IOException {
            if (conf == null) {
                conf = new Configuration();
                conf.size(); // loads the default resources now, once
            }
            Builder b = new Builder(out, schema)
                    .withConf(conf)
                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                    .withWriteMode(org.apache.parquet.hadoop.ParquetFileWriter.Mode.OVERWRITE);
            for (String column : plainColumns) {
                b = b.withDictionaryEncoding(column, false);
            }
            return b.build();
        }
    }

    private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
        private final RecordSchema schema;

        Builder(OutputFile out, RecordSchema schema) {
            super(out);
            this.schema = schema;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(Configuration conf) {
            return new RowWriteSupport(schema, Map.of(DATASET_METADATA_KEY, schema.name()));
        }
    }
}
