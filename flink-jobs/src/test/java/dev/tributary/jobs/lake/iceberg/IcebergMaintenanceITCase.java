package dev.tributary.jobs.lake.iceberg;

import dev.tributary.jobs.bronze.BronzeInput;
import dev.tributary.jobs.bronze.BronzeJob;
import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.jobs.bronze.BronzeSources;
import dev.tributary.jobs.cli.TributaryCli;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.definition.LakeDef;
import dev.tributary.jobs.definition.PipelineDefinitionTestData;
import dev.tributary.jobs.lake.LakeTable;
import dev.tributary.demo.datagen.ReferenceSchemas;
import dev.tributary.testing.IcebergTestReader;
import dev.tributary.transforms.api.PiiKey;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tributary maintain --pipeline F} on an Iceberg lake that three backfills left with several small files per
 * day partition: afterwards each partition has one file, the rows are the same, old snapshots are expired, and the
 * newest snapshot a Flink sink committed (which a restored job needs) is still there.
 */
class IcebergMaintenanceITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final DatasetDef ORDERS = DatasetDef.builder(ReferenceSchemas.ORDERS_SCHEMA)
            .eventTime("order_ts", Duration.ofSeconds(5)).dedupe(List.of("order_id"), Duration.ofHours(1)).build();

    @TempDir java.nio.file.Path tmp;

    @Test
    void rewritesSmallFilesAndExpiresSnapshotsFromTheCli() throws Exception {
        String root = tmp.resolve("lake").toUri().toString();
        LakeDef lake = new LakeDef(root, 0, MemorySize.ZERO).withIceberg(IcebergCatalog.hadoopInLakeRoot(), null);
        for (int run = 0; run < 3; run++) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                lines.add(String.format("{\"order_id\":\"o-%d-%d\",\"customer_id\":\"c\",\"order_ts\":\"2026-01-0%dT%02d:00:00Z\","
                        + "\"amount\":1.5,\"currency\":\"EUR\"}", run, i, 5 + i % 2, i % 24));
            }
            backfill(lake, lines);
        }
        TableIdentifier orders = lake.iceberg().identifier(
                LakeTable.of("bronze", "orders", BronzeSchemas.landed(ORDERS.schema()), "event_date", "order_ts"));
        List<Map<String, Object>> before;
        long lastFlinkCommit;
        try (Opened c = new Opened(lake)) {
            Table t = c.catalog.loadTable(orders);
            assertThat(IcebergMaintenance.dataFiles(t)).isGreaterThan(2);
            assertThat(IcebergTestReader.snapshots(c.catalog, orders)).hasSize(3);
            before = IcebergTestReader.read(c.catalog, orders);
            lastFlinkCommit = t.currentSnapshot().snapshotId();
        }

        java.nio.file.Path yaml = tmp.resolve("pipeline.yaml");
        Files.writeString(yaml, PipelineDefinitionTestData.reference().replaceFirst("lake:\\n(  [^\\n]*\\n)+",
                Matcher.quoteReplacement("lake:\n  root: " + root + "\n  format: iceberg\n")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TributaryCli.run(new String[] {"maintain", "--pipeline", yaml.toString(), "--expire-older-than", "0 ms"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("bronze.orders: data files ").contains("maintain: 2 tables");
        try (Opened c = new Opened(lake)) {
            Table t = c.catalog.loadTable(orders);
            assertThat(IcebergMaintenance.dataFiles(t)).as("one file per day partition").isEqualTo(2);
            assertThat(IcebergTestReader.read(c.catalog, orders)).containsExactlyInAnyOrderElementsOf(before);
            assertThat(t.currentSnapshot().operation()).isEqualTo("replace");
            assertThat(IcebergTestReader.snapshots(c.catalog, orders)).extracting(s -> s.snapshotId())
                    .as("only the replace snapshot and the last one the Flink sink committed remain")
                    .containsExactly(lastFlinkCommit, t.currentSnapshot().snapshotId());
        }
    }

    private void backfill(LakeDef lake, List<String> lines) throws Exception {
        java.nio.file.Path in = Files.createTempFile(tmp, "orders", ".jsonl");
        Files.write(in, lines);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(2);
        new BronzeJob(List.of(new BronzeInput(ORDERS, BronzeSources.files(ORDERS, new Path(in.toUri())), "orders-files")),
                lake.layout(), lake.sinks(), new PiiKey("v1", "test-secret-0123456789"), "test-").build(env);
        env.execute("bronze-backfill");
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
