package dev.tributary.jobs.bronze;

import dev.tributary.demo.datagen.JsonLinesWriter;
import dev.tributary.demo.datagen.KafkaJsonWriter;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeSinks;
import dev.tributary.testing.KafkaTestServer;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 4 of the bronze issue: the same generated records, once as a JSON-lines backfill read in
 * BATCH mode and once from Kafka in STREAMING mode, land the same rows (declared columns; the metadata
 * columns name different sources by design).
 */
class BronzeBatchEqualsStreamITCase {

    @RegisterExtension static final KafkaTestServer KAFKA = new KafkaTestServer();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir Path tmp;

    @Test
    void fileBackfillInBatchLandsTheSameRowsAsKafkaInStreaming() throws Exception {
        BronzeTestData data = new BronzeTestData(2_000, 23);
        Map<String, List<java.nio.file.Path>> files = JsonLinesWriter.write(tmp.resolve("backfill"), data.config, 3);
        KAFKA.createTopic("bs-orders", 2);
        KAFKA.createTopic("bs-payments", 2);
        new KafkaJsonWriter(KAFKA.bootstrapServers()).topic("orders", "bs-orders").topic("payments", "bs-payments")
                .write(data.config);

        StreamExecutionEnvironment batch = StreamExecutionEnvironment.getExecutionEnvironment();
        batch.setRuntimeMode(RuntimeExecutionMode.BATCH);
        batch.setParallelism(2);
        List<BronzeInput> fileInputs = new ArrayList<>();
        for (DatasetDef ds : BronzeTestData.DATASETS) {
            org.apache.flink.core.fs.Path[] paths = files.get(ds.name()).stream()
                    .map(p -> new org.apache.flink.core.fs.Path(p.toUri())).toArray(org.apache.flink.core.fs.Path[]::new);
            fileInputs.add(new BronzeInput(ds, BronzeSources.files(ds, paths), "files " + ds.name()));
        }
        LakeLayout batchLake = new LakeLayout(tmp.resolve("batch-lake").toUri().toString());
        new BronzeJob(fileInputs, batchLake, LakeSinks.rollOnCheckpoint(), BronzeTestData.PII_KEY, "b-").build(batch);
        batch.execute("bronze-batch");

        StreamExecutionEnvironment stream = StreamExecutionEnvironment.getExecutionEnvironment();
        stream.setParallelism(2);
        stream.enableCheckpointing(200);
        List<BronzeInput> kafkaInputs = new ArrayList<>();
        for (DatasetDef ds : BronzeTestData.DATASETS) {
            kafkaInputs.add(new BronzeInput(ds, BronzeSources.kafka(ds, KAFKA.bootstrapServers(), "bs-" + ds.name(),
                    "bronze-bs", true, new Properties()), "kafka " + ds.name()));
        }
        LakeLayout streamLake = new LakeLayout(tmp.resolve("stream-lake").toUri().toString());
        new BronzeJob(kafkaInputs, streamLake, LakeSinks.rollOnCheckpoint(), BronzeTestData.PII_KEY, "s-").build(stream);
        stream.execute("bronze-stream");

        for (DatasetDef ds : BronzeTestData.DATASETS) {
            List<String> batchRows = declaredColumns(ds, ParquetTestReader.readDir(tmp.resolve("batch-lake/bronze/" + ds.name())));
            List<String> streamRows = declaredColumns(ds, ParquetTestReader.readDir(tmp.resolve("stream-lake/bronze/" + ds.name())));
            assertThat(batchRows).hasSize(data.expectedKeys(ds.name()).size());
            assertThat(batchRows).containsExactlyInAnyOrderElementsOf(streamRows);
            data.assertLandedExactlyOnce(ds.name(), ParquetTestReader.readDir(tmp.resolve("batch-lake/bronze/" + ds.name())), "file:");

            List<String> batchQuarantine = ParquetTestReader.readDir(tmp.resolve("batch-lake/bronze/_quarantine/" + ds.name()))
                    .stream().map(r -> r.get("reason") + "|" + r.get("raw_payload")).collect(Collectors.toList());
            List<String> streamQuarantine = ParquetTestReader.readDir(tmp.resolve("stream-lake/bronze/_quarantine/" + ds.name()))
                    .stream().map(r -> r.get("reason") + "|" + r.get("raw_payload")).collect(Collectors.toList());
            assertThat(batchQuarantine).hasSize((int) data.generator.expected().of(ds.name()).malformed())
                    .containsExactlyInAnyOrderElementsOf(streamQuarantine);
        }
    }

    private static List<String> declaredColumns(DatasetDef ds, List<Map<String, Object>> rows) {
        List<String> names = ds.schema().fieldNames();
        return rows.stream()
                .map(r -> names.stream().map(n -> n + "=" + r.get(n)).collect(Collectors.joining(",")))
                .collect(Collectors.toList());
    }
}
