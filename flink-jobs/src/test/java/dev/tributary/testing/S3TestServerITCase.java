package dev.tributary.testing;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Smoke test of {@link S3TestServer} and {@link S3Plugin}: Flink's {@code s3a://} file system
 * writes to the in-process server (row and Parquet bulk formats), and the blob-store helpers read
 * the objects back.
 */
class S3TestServerITCase {

    private static final int ROWS = 500;

    @RegisterExtension
    @Order(1)
    static final S3TestServer S3 = new S3TestServer("smoke");

    // Order 2: the supplier runs in beforeAll, after S3 has started and its endpoint is known.
    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    () ->
                            new MiniClusterResourceConfiguration.Builder()
                                    .setConfiguration(S3.flinkConfiguration())
                                    .setNumberTaskManagers(1)
                                    .setNumberSlotsPerTaskManager(2)
                                    .build());

    @Test
    void flinkFileSystemWritesAndHelpersReadBack(@TempDir java.nio.file.Path tmp) throws Exception {
        Path path = new Path(S3.uri("direct/hello.txt"));
        FileSystem fs = FileSystem.get(URI.create(S3.uri("")));
        try (FSDataOutputStream out = fs.create(path, FileSystem.WriteMode.OVERWRITE)) {
            out.write("hello s3".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(S3.listKeys("direct/")).containsExactly("direct/hello.txt");
        assertThat(S3.readString("direct/hello.txt")).isEqualTo("hello s3");
        java.nio.file.Path local = tmp.resolve("copy/hello.txt");
        S3.download("direct/hello.txt", local);
        assertThat(Files.readString(local)).isEqualTo("hello s3");
    }

    @Test
    void fileSinkCommitsRowsToS3() throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ZERO);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(200);

        // Rate-limited so that the job spans several checkpoints, not only the final one.
        DataGeneratorSource<String> source =
                new DataGeneratorSource<>(
                        index -> "row-" + index,
                        ROWS,
                        RateLimiterStrategy.perSecond(500),
                        Types.STRING);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "rows")
                .sinkTo(
                        FileSink.forRowFormat(
                                        new Path(S3.uri("x")), new SimpleStringEncoder<String>())
                                .build())
                .name("s3-sink");
        env.execute("s3-smoke");

        List<String> committed =
                S3.listKeys("x/").stream()
                        .filter(key -> key.substring(key.lastIndexOf('/') + 1).startsWith("part-"))
                        .collect(Collectors.toList());
        assertThat(committed).isNotEmpty();
        List<String> lines = new ArrayList<>();
        for (String key : committed) {
            lines.addAll(Arrays.asList(S3.readString(key).split("\n")));
        }
        List<String> expected =
                LongStream.range(0, ROWS).mapToObj(i -> "row-" + i).collect(Collectors.toList());
        assertThat(lines).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void parquetBulkFilesReadBackFromLocalCopies(@TempDir java.nio.file.Path tmp) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        // Bulk formats roll on checkpoints: files are committed by the final checkpoint.
        env.enableCheckpointing(200);
        env.fromSequence(1, ROWS)
                .sinkTo(
                        FileSink.forBulkFormat(
                                        new Path(S3.uri("parquet")),
                                        new ParquetWriterFactory<>(new IdParquetBuilder()))
                                .build());
        env.execute("s3-parquet-smoke");

        List<Long> ids = new ArrayList<>();
        for (String key : S3.listKeys("parquet/")) {
            if (!key.substring(key.lastIndexOf('/') + 1).startsWith("part-")) {
                continue;
            }
            java.nio.file.Path local = tmp.resolve(key);
            S3.download(key, local);
            try (ParquetReader<Group> reader =
                    ParquetReader.builder(
                                    new GroupReadSupport(),
                                    new org.apache.hadoop.fs.Path(local.toUri()))
                            .build()) {
                for (Group row = reader.read(); row != null; row = reader.read()) {
                    ids.add(row.getLong("id", 0));
                }
            }
        }
        assertThat(ids)
                .containsExactlyInAnyOrderElementsOf(
                        LongStream.rangeClosed(1, ROWS).boxed().collect(Collectors.toList()));
    }

    /** Writes each {@code Long} as a one-column Parquet row {@code id}. */
    private static final class IdParquetBuilder implements ParquetBuilder<Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public ParquetWriter<Long> createWriter(OutputFile out) throws IOException {
            return new IdWriterBuilder(out)
                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                    .build();
        }
    }

    /** A {@link ParquetWriter} builder for {@link IdWriteSupport}. */
    private static final class IdWriterBuilder
            extends ParquetWriter.Builder<Long, IdWriterBuilder> {
        IdWriterBuilder(OutputFile out) {
            super(out);
        }

        @Override
        protected IdWriterBuilder self() {
            return this;
        }

        @Override
        protected WriteSupport<Long> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return new IdWriteSupport();
        }
    }

    /** Maps a {@code Long} to the record {@code message row { required int64 id; }}. */
    private static final class IdWriteSupport extends WriteSupport<Long> {
        private static final MessageType SCHEMA =
                MessageTypeParser.parseMessageType("message row { required int64 id; }");
        private RecordConsumer consumer;

        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return new WriteContext(SCHEMA, Map.of());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(Long id) {
            consumer.startMessage();
            consumer.startField("id", 0);
            consumer.addLong(id);
            consumer.endField("id", 0);
            consumer.endMessage();
        }
    }
}
