package dev.tributary.jobs.bronze;

import dev.tributary.demo.datagen.GeneratedEvent;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.definition.LakeDef;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeTable;
import dev.tributary.jobs.lake.iceberg.IcebergCatalog;
import dev.tributary.jobs.lake.iceberg.IcebergLake;
import dev.tributary.testing.IcebergTestReader;
import dev.tributary.testing.KafkaTestServer;
import dev.tributary.testing.Waiting;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bronze exactly-once failure-injection run of {@link BronzeExactlyOnceITCase}, against an Iceberg lake (Hadoop
 * catalog in a local folder): the Kafka → bronze job fails twice mid-stream, each time after a checkpoint completed,
 * restarts from it, and the Iceberg tables (read with Iceberg's generic reader) still hold every record exactly
 * once and every malformed one once in {@code bronze._quarantine_<dataset>}; no snapshot repeats a checkpoint.
 */
class IcebergBronzeExactlyOnceITCase {

    @RegisterExtension @Order(1) static final KafkaTestServer KAFKA = new KafkaTestServer();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            () -> new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir Path tmp;

    @Test
    void exactlyOnceIntoIcebergTablesAcrossTwoFailures() throws Exception {
        BronzeTestData data = new BronzeTestData(2_000, 17);
        String prefix = "eo-ice";
        LakeDef lake = new LakeDef(tmp.resolve("lake").toUri().toString(), 0, MemorySize.ZERO)
                .withIceberg(IcebergCatalog.hadoopInLakeRoot(), null);
        IcebergLake ice = lake.iceberg();
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
                new BronzeJob(inputs, lake.layout(), lake.sinks(), BronzeTestData.PII_KEY, prefix + "-").build(env);
        landed.get("orders").map(new FailureInjector<Row>(2)).sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync(prefix);

        try (Opened c = new Opened(lake)) {
            List<List<GeneratedEvent>> phases = data.phases(3);
            for (int i = 0; i < phases.size(); i++) {
                for (DatasetDef ds : BronzeTestData.DATASETS) {
                    KAFKA.produce(prefix + "-" + ds.name(), phases.get(i).stream()
                            .filter(e -> e.getDataset().equals(ds.name())).map(GeneratedEvent::getPayload).collect(Collectors.toList()));
                }
                long expected = data.expectedLandedUpTo(phases, i);
                Waiting.waitUntil(() -> landedRows(c.catalog, ice) >= expected, Duration.ofSeconds(120),
                        "phase " + i + ": " + expected + " rows committed to the Iceberg tables");
            }
            job.stopWithSavepoint(false, tmp.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(60, TimeUnit.SECONDS);
            JobExecutionResult result = job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
            assertThat(result.<Integer>getAccumulatorResult("test.attempt")).as("the job failed twice and ran a third time").isEqualTo(2);

            List<String> strings = new ArrayList<>();
            for (DatasetDef ds : BronzeTestData.DATASETS) {
                String n = ds.name();
                List<Map<String, Object>> rows = IcebergTestReader.read(c.catalog, ice.identifier(bronze(ds)));
                data.assertLandedExactlyOnce(n, rows, "kafka:" + prefix + "-" + n);
                List<Map<String, Object>> quarantine = IcebergTestReader.read(c.catalog, ice.identifier(quarantine(n)));
                data.assertQuarantine(n, quarantine);
                assertThat(result.<Long>getAccumulatorResult("bronze." + n + ".landed")).isEqualTo(rows.size());
                for (TableIdentifier id : List.of(ice.identifier(bronze(ds)), ice.identifier(quarantine(n)))) {
                    assertCheckpointsCommittedOnce(IcebergTestReader.snapshots(c.catalog, id));
                }
                rows.forEach(r -> r.values().forEach(v -> strings.add(String.valueOf(v))));
                quarantine.forEach(r -> r.values().forEach(v -> strings.add(String.valueOf(v))));
            }
            data.assertNoClearPii(strings);
        }
    }

    /** Each Flink checkpoint id appears in at most one snapshot of a job's operator: no commit was replayed. */
    private static void assertCheckpointsCommittedOnce(List<Snapshot> snapshots) {
        assertThat(snapshots).isNotEmpty();
        List<String> committed = snapshots.stream()
                .map(s -> s.summary().get("flink.job-id") + "/" + s.summary().get("flink.operator-id") + "/"
                        + s.summary().get("flink.max-committed-checkpoint-id"))
                .collect(Collectors.toList());
        assertThat(committed).doesNotHaveDuplicates();
    }

    private static long landedRows(Catalog catalog, IcebergLake ice) {
        long n = 0;
        for (DatasetDef ds : BronzeTestData.DATASETS) {
            n += IcebergTestReader.count(catalog, ice.identifier(bronze(ds)));
        }
        return n;
    }

    private static LakeTable bronze(DatasetDef ds) {
        return LakeTable.of(LakeLayout.BRONZE, ds.name(), BronzeSchemas.landed(ds.schema()), "event_date", ds.eventTimeColumn());
    }

    private static LakeTable quarantine(String dataset) {
        return LakeTable.side(LakeLayout.BRONZE, LakeLayout.QUARANTINE, dataset, BronzeSchemas.QUARANTINE,
                "quarantine_date", "quarantined_at");
    }

    /** A catalog opened by the test, independent of the sink's. */
    private static final class Opened implements AutoCloseable {
        final Catalog catalog;

        Opened(LakeDef lake) {
            this.catalog = lake.catalog().loader(lake.layout().root()).loadCatalog();
        }

        @Override
        public void close() throws Exception {
            if (catalog instanceof AutoCloseable) {
                ((AutoCloseable) catalog).close();
            }
        }
    }
}
