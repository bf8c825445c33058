package dev.tributary.jobs.cdc;

import dev.tributary.jobs.bronze.BronzeInput;
import dev.tributary.jobs.bronze.BronzeJob;
import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.jobs.lake.LakeFiles;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeSinks;
import dev.tributary.testing.PostgresTestServer;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.tributary.jobs.cdc.CdcTestData.CUSTOMERS;
import static dev.tributary.jobs.cdc.CdcTestData.insert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PostgreSQL CDC into bronze against a real PostgreSQL 16: snapshot then stream, exactly once across
 * injected failures, no clear PII, and a stop with a clear message when a column is added.
 */
class PostgresCdcBronzeITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @RegisterExtension static final PostgresTestServer POSTGRES = new PostgresTestServer();

    private static final RecordSchema LANDED = BronzeSchemas.landed(CUSTOMERS.schema());
    private static final int ID = LANDED.indexOf("customer_id");
    private static final int OP = LANDED.indexOf(CdcSchemas.OP);
    private static final int LSN = LANDED.indexOf(CdcSchemas.LSN);
    private static final int COMMIT_TS = LANDED.indexOf(CdcSchemas.COMMIT_TS);

    @TempDir Path tmp;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void snapshotThenStreamLandOnceInCommitOrderWithoutClearPii() throws Exception {
        String table = "customers_a";
        String slot = "bronze_a";
        LakeLayout lake = new LakeLayout(tmp.resolve("lake").toUri().toString());
        JobClient job = startWithScript(table, slot, lake, CdcTestData.config(POSTGRES, table, slot), null);
        try {
            CdcTestData.awaitBronzeRows(lake, CUSTOMERS, 10, job);
            assertThat(new PostgresSlotLag(CdcTestData.config(POSTGRES, table, slot)).read())
                    .hasValueSatisfying(r -> assertThat(r.lagBytes).isNotNegative());
        } finally {
            CdcTestData.stop(job, POSTGRES, slot);
        }

        List<Row> rows = CdcTestData.bronze(lake, CUSTOMERS);
        assertScriptLandedExactlyOnce(rows, table);
        Row deleted = rows.stream().filter(r -> "d".equals(r.getField(OP))).findFirst().orElseThrow();
        assertThat(deleted.getField(LANDED.indexOf("segment"))).isEqualTo("retail");
        assertThat((String) deleted.getField(LANDED.indexOf("email"))).startsWith("tok:v1:");
        assertThat(rows).allSatisfy(r -> assertThat(r.getField(LANDED.indexOf(BronzeSchemas.SOURCE_OFFSET))).isEqualTo(r.getField(LSN)));
        assertThat(LakeFiles.filesPerPartition(lake.bronze("customers")).keySet()).contains("event_date=1970-01-01");
        CdcTestData.assertNoClearPii(tmp.resolve("lake"), "c-1", "c-2", "c-3", "c-4");
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void exactlyOnceAcrossFailuresAtTheStreamStartAndMidStream() throws Exception {
        String table = "customers_b";
        String slot = "bronze_b";
        LakeLayout lake = new LakeLayout(tmp.resolve("lake").toUri().toString());
        Path markers = Files.createDirectories(tmp.resolve("markers"));
        PostgresCdcSourceConfig config = CdcTestData.config(POSTGRES, table, slot);
        BronzeInput failing = new BronzeInput(CUSTOMERS, PostgresCdcSources.source(config,
                new FailingDeserializer(new BronzeCdcDeserializer(CUSTOMERS.schema(), "public." + table), markers, 4)),
                "postgres-cdc (failing)");
        JobClient job = startWithScript(table, slot, lake, config, failing);
        try {
            CdcTestData.awaitBronzeRows(lake, CUSTOMERS, 10, job);
        } finally {
            CdcTestData.stop(job, POSTGRES, slot);
        }

        assertThat(FailingDeserializer.boundaryMarker(markers)).exists();
        assertThat(FailingDeserializer.midStreamMarker(markers)).exists();
        assertScriptLandedExactlyOnce(CdcTestData.bronze(lake, CUSTOMERS), table);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void addedColumnStopsTheJobNamingTableColumnAndRemedy() throws Exception {
        String table = "customers_c";
        String slot = "bronze_c";
        LakeLayout lake = new LakeLayout(tmp.resolve("lake").toUri().toString());
        CdcTestData.createTable(POSTGRES, table);
        POSTGRES.execute(insert(table, "c-1", "retail", "FR", "2026-01-01T00:00:00Z"));
        StreamExecutionEnvironment env = CdcTestData.streamingEnv(1);
        bronze(lake, PostgresCdcSources.bronzeInput(CUSTOMERS, CdcTestData.config(POSTGRES, table, slot))).build(env);
        JobClient job = env.executeAsync("cdc-schema-change");
        try {
            CdcTestData.awaitBronzeRows(lake, CUSTOMERS, 1, job);
            POSTGRES.execute("ALTER TABLE " + table + " ADD COLUMN loyalty_tier TEXT",
                    "UPDATE " + table + " SET loyalty_tier = 'gold' WHERE customer_id = 'c-1'");

            assertThatThrownBy(() -> job.getJobExecutionResult().get(90, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .rootCause()
                    .isInstanceOf(UnsupportedSchemaChangeException.class)
                    .hasMessageContaining("'public.customers_c'")
                    .hasMessageContaining("new column(s) [loyalty_tier]")
                    .hasMessageContaining("add the column(s) (as optional) to the dataset's declared schema")
                    .hasMessageContaining("restart the job from its last checkpoint or savepoint");

            // The WAL retention trap: with the job down, the slot stays and holds back every new WAL byte.
            POSTGRES.execute(insert(table, "c-9", "smb", "PL", "2026-01-09T00:00:00Z"));
            assertThat(new PostgresSlotLag(CdcTestData.config(POSTGRES, table, slot)).lagBytes())
                    .hasValueSatisfying(lag -> assertThat(lag).isPositive());
        } finally {
            CdcTestData.stop(job, POSTGRES, slot);
        }
        assertThat(CdcTestData.bronze(lake, CUSTOMERS)).hasSize(1);
    }

    /**
     * Creates the table with three rows, starts bronze (with {@code input}, or the plain CDC input), waits
     * for the snapshot to land, then commits seven changes, each in its own transaction.
     */
    private JobClient startWithScript(String table, String slot, LakeLayout lake, PostgresCdcSourceConfig config,
            BronzeInput input) throws Exception {
        CdcTestData.createTable(POSTGRES, table);
        POSTGRES.execute(insert(table, "c-1", "retail", "FR", "2026-01-01T00:00:00Z"),
                insert(table, "c-2", "retail", "DE", "2026-01-02T00:00:00Z"),
                insert(table, "c-3", "smb", "IT", "2026-01-03T00:00:00Z"));
        StreamExecutionEnvironment env = CdcTestData.streamingEnv(3);
        bronze(lake, input != null ? input : PostgresCdcSources.bronzeInput(CUSTOMERS, config)).build(env);
        JobClient job = env.executeAsync("cdc-bronze-" + table);
        CdcTestData.awaitBronzeRows(lake, CUSTOMERS, 3, job);
        POSTGRES.execute(insert(table, "c-4", "smb", "ES", "2026-02-01T00:00:00Z"),
                "UPDATE " + table + " SET segment = 'gold', updated_at = '2026-02-02T00:00:00Z' WHERE customer_id = 'c-1'",
                "UPDATE " + table + " SET country = 'BE', updated_at = '2026-02-03T00:00:00Z' WHERE customer_id = 'c-1'",
                "DELETE FROM " + table + " WHERE customer_id = 'c-2'",
                "UPDATE " + table + " SET name = 'Renamed c-1', updated_at = '2026-02-04T00:00:00Z' WHERE customer_id = 'c-1'",
                "UPDATE " + table + " SET segment = 'enterprise' WHERE customer_id = 'c-4'",
                "UPDATE " + table + " SET email = 'new-c-3@mail.example' WHERE customer_id = 'c-3'");
        return job;
    }

    private static BronzeJob bronze(LakeLayout lake, BronzeInput input) {
        return new BronzeJob(List.of(input), lake, LakeSinks.rollOnCheckpoint(), CdcTestData.PII_KEY, "test-");
    }

    private static void assertScriptLandedExactlyOnce(List<Row> rows, String table) {
        assertThat(rows).hasSize(10);
        Map<Object, List<String>> opsPerKey = rows.stream()
                .sorted(Comparator.comparingLong(r -> (Long) r.getField(LSN)))
                .collect(Collectors.groupingBy(r -> r.getField(ID), java.util.TreeMap::new,
                        Collectors.mapping(r -> (String) r.getField(OP), Collectors.toList())));
        assertThat(opsPerKey).containsExactly(
                Map.entry("c-1", List.of("r", "u", "u", "u")),
                Map.entry("c-2", List.of("r", "d")),
                Map.entry("c-3", List.of("r", "u")),
                Map.entry("c-4", List.of("c", "u")));
        List<Row> streamed = rows.stream().filter(r -> !"r".equals(r.getField(OP)))
                .sorted(Comparator.comparingLong(r -> (Long) r.getField(LSN))).collect(Collectors.toList());
        // Commit order: LSNs are distinct, commit times never go back, and the script's order is kept.
        assertThat(streamed).extracting(r -> r.getField(LSN)).doesNotHaveDuplicates();
        assertThat(streamed).extracting(r -> (Instant) r.getField(COMMIT_TS)).isSorted()
                .allSatisfy(t -> assertThat(t).isAfter(Instant.parse("2026-01-01T00:00:00Z")));
        assertThat(streamed).extracting(r -> r.getField(ID) + "/" + r.getField(OP))
                .containsExactly("c-4/c", "c-1/u", "c-1/u", "c-2/d", "c-1/u", "c-4/u", "c-3/u");
        assertThat(rows).filteredOn(r -> "r".equals(r.getField(OP))).allSatisfy(r -> {
            assertThat(r.getField(LSN)).isEqualTo(0L);
            assertThat(r.getField(COMMIT_TS)).isEqualTo(CdcSchemas.SNAPSHOT_COMMIT_TS);
        });
        assertThat(rows).extracting(r -> r.getField(LANDED.indexOf(BronzeSchemas.SOURCE)))
                .containsOnly("postgres:public." + table);
        Row lastC1 = streamed.stream().filter(r -> "c-1".equals(r.getField(ID))).reduce((a, b) -> b).orElseThrow();
        assertThat(lastC1.getField(LANDED.indexOf("segment"))).isEqualTo("gold");
        assertThat(lastC1.getField(LANDED.indexOf("country"))).isEqualTo("BE");
        assertThat(lastC1.getField(LANDED.indexOf("updated_at"))).isEqualTo(Instant.parse("2026-02-04T00:00:00Z"));
    }

}
