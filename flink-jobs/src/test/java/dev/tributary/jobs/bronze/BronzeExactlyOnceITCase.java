package dev.tributary.jobs.bronze;

import dev.tributary.demo.datagen.GeneratedEvent;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeSinks;
import dev.tributary.testing.KafkaTestServer;
import dev.tributary.testing.S3TestServer;
import dev.tributary.testing.Waiting;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 2 and 3 of the bronze issue: the Kafka → bronze job fails twice mid-stream, restarts from
 * its last checkpoint each time, and the lake (local, then {@code s3a://} on an in-process S3 server)
 * still holds every record exactly once, with accounting balanced and no uncommitted file visible.
 */
class BronzeExactlyOnceITCase {

    @RegisterExtension @Order(1) static final KafkaTestServer KAFKA = new KafkaTestServer();

    @RegisterExtension @Order(2) static final S3TestServer S3 = new S3TestServer("lake");

    @RegisterExtension
    @Order(3)
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            () -> new MiniClusterResourceConfiguration.Builder()
                    .setConfiguration(S3.flinkConfiguration())
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    @TempDir Path tmp;

    @Test
    void exactlyOnceOnALocalLakeAcrossTwoFailures() throws Exception {
        BronzeTestData data = new BronzeTestData(4_000, 11);
        LakeLayout lake = new LakeLayout(tmp.resolve("lake").toUri().toString());
        runWithFailures(data, "eo-local", lake, () -> tmp.resolve("lake"));
        assertLake(data, tmp.resolve("lake"), "eo-local");
    }

    @Test
    void exactlyOnceOnAnS3aLakeAcrossTwoFailures() throws Exception {
        BronzeTestData data = new BronzeTestData(2_000, 13);
        LakeLayout lake = new LakeLayout(S3.uri("eo-s3"));
        Path local = tmp.resolve("from-s3");
        runWithFailures(data, "eo-s3", lake, () -> download("eo-s3", local));

        assertThat(S3.listKeys("eo-s3/")).isNotEmpty().allSatisfy(k -> assertThat(k).endsWith(".parquet"));
        assertLake(data, download("eo-s3", local), "eo-s3");
    }

    /**
     * Runs bronze on unbounded Kafka topics while the data arrives in three phases. The injector fails the
     * job on the first record after a checkpoint of its attempt completed, for the first two attempts; as
     * each phase is produced only after the previous one is committed to the lake, both failures happen
     * mid-stream, after a completed checkpoint, whatever the machine's speed. The job is then stopped with
     * a savepoint, which also yields its final accumulators.
     */
    private void runWithFailures(BronzeTestData data, String prefix, LakeLayout lake, Callable<Path> localView) throws Exception {
        for (DatasetDef ds : BronzeTestData.DATASETS) {
            KAFKA.createTopic(prefix + "-" + ds.name(), 2);
        }
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 4);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(200);
        List<BronzeInput> inputs = new ArrayList<>();
        for (DatasetDef ds : BronzeTestData.DATASETS) {
            inputs.add(new BronzeInput(ds, BronzeSources.kafka(ds, KAFKA.bootstrapServers(), prefix + "-" + ds.name(),
                    prefix, false, new Properties()), "kafka " + ds.name()));
        }
        Map<String, DataStream<Row>> landed =
                new BronzeJob(inputs, lake, LakeSinks.rollOnCheckpoint(), BronzeTestData.PII_KEY, prefix + "-").build(env);
        landed.get("orders").map(new FailureInjector<Row>(2)).sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync(prefix);

        List<List<GeneratedEvent>> phases = data.phases(3);
        for (int i = 0; i < phases.size(); i++) {
            for (DatasetDef ds : BronzeTestData.DATASETS) {
                KAFKA.produce(prefix + "-" + ds.name(), phases.get(i).stream()
                        .filter(e -> e.getDataset().equals(ds.name())).map(GeneratedEvent::getPayload).collect(Collectors.toList()));
            }
            long expected = data.expectedLandedUpTo(phases, i);
            Waiting.waitUntil(() -> landedRows(localView) >= expected, Duration.ofSeconds(90),
                    "phase " + i + ": " + expected + " rows committed to the lake");
        }
        String savepoint = job.stopWithSavepoint(false, tmp.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(60, TimeUnit.SECONDS);
        JobExecutionResult result = job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        assertThat(savepoint).isNotBlank();

        assertThat(result.<Integer>getAccumulatorResult("test.attempt")).as("the job failed twice and ran a third time").isEqualTo(2);
        assertThat(result.<Long>getAccumulatorResult("test.restored")).as("subtasks restored from a checkpoint").isEqualTo(2L);
        for (DatasetDef ds : BronzeTestData.DATASETS) {
            String n = ds.name();
            assertThat(result.<Long>getAccumulatorResult("bronze." + n + ".in")).isEqualTo(data.generator.expected().of(n).emitted());
            assertThat(result.<Long>getAccumulatorResult("bronze." + n + ".landed")).isEqualTo(data.expectedKeys(n).size());
            assertThat(result.<Long>getAccumulatorResult("bronze." + n + ".quarantined")).isEqualTo(data.generator.expected().of(n).malformed());
            assertThat(result.<Long>getAccumulatorResult("bronze." + n + ".duplicates")).isEqualTo(data.generator.expected().of(n).duplicates());
        }
    }

    /** Rows visible in the bronze tables (orders + payments) of a local view of the lake. */
    private static long landedRows(Callable<Path> localView) {
        Path lakeDir;
        try {
            lakeDir = localView.call();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the lake", e);
        }
        long n = 0;
        for (DatasetDef ds : BronzeTestData.DATASETS) {
            try {
                n += ParquetTestReader.readDir(lakeDir.resolve("bronze/" + ds.name())).size();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return n;
    }

    /** Copies the committed objects under {@code prefix} that are not yet local; returns the local root. */
    private static Path download(String prefix, Path local) throws Exception {
        for (String key : S3.listKeys(prefix + "/")) {
            Path target = local.resolve(key.substring(prefix.length() + 1));
            if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                S3.download(key, target);
            }
        }
        return local;
    }

    private static void assertLake(BronzeTestData data, Path lakeDir, String prefix) throws Exception {
        for (DatasetDef ds : BronzeTestData.DATASETS) {
            String n = ds.name();
            Path table = lakeDir.resolve("bronze/" + n);
            assertThat(ParquetTestReader.visibleFiles(table)).allSatisfy(f -> assertThat(f.getFileName().toString()).endsWith(".parquet"));
            data.assertLandedExactlyOnce(n, ParquetTestReader.readDir(table), "kafka:" + prefix + "-" + n);
            data.assertQuarantine(n, ParquetTestReader.readDir(lakeDir.resolve("bronze/_quarantine/" + n)));
        }
        data.assertNoClearPii(ParquetTestReader.allStrings(lakeDir));
    }
}
