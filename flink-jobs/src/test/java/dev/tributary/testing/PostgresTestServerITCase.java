package dev.tributary.testing;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.cdc.connectors.base.options.StartupOptions;
import org.apache.flink.cdc.connectors.postgres.source.PostgresSourceBuilder.PostgresIncrementalSource;
import org.apache.flink.cdc.debezium.JsonDebeziumDeserializationSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Smoke test of {@link PostgresTestServer}: logical decoding is on, and a Flink CDC {@code
 * PostgresIncrementalSource} (pgoutput) reads the snapshot and then a streamed insert.
 */
class PostgresTestServerITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @RegisterExtension static final PostgresTestServer POSTGRES = new PostgresTestServer();

    /** Plain databind: with kafka_2.13 on the test classpath, module auto-discovery finds Scala. */
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void serverIsReadyForLogicalDecoding() throws Exception {
        POSTGRES.execute(
                "CREATE TABLE smoke_basic (id INT PRIMARY KEY, name TEXT)",
                "ALTER TABLE smoke_basic REPLICA IDENTITY FULL",
                "INSERT INTO smoke_basic VALUES (1, 'one')");

        assertThat(POSTGRES.queryScalar("SHOW wal_level")).isEqualTo("logical");
        assertThat(POSTGRES.queryScalar("SHOW max_replication_slots")).isEqualTo("10");
        assertThat(POSTGRES.queryScalar("SHOW server_version")).asString().startsWith("16.");
        assertThat(
                        POSTGRES.queryScalar(
                                "SELECT relreplident FROM pg_class WHERE relname = ?",
                                "smoke_basic"))
                .asString()
                .isEqualTo("f");
        assertThat(POSTGRES.query("SELECT name FROM smoke_basic WHERE id = ?", 1))
                .extracting(row -> row.get("name"))
                .containsExactly("one");
        assertThat(POSTGRES.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:");
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void cdcSourceReadsSnapshotThenStreamedInsert() throws Exception {
        POSTGRES.execute(
                "CREATE TABLE smoke_cdc (id INT PRIMARY KEY, name TEXT)",
                "ALTER TABLE smoke_cdc REPLICA IDENTITY FULL",
                "INSERT INTO smoke_cdc VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        String slot = "smoke_cdc_slot";
        Properties debezium = new Properties();
        debezium.setProperty("publication.autocreate.mode", "filtered");
        debezium.setProperty("publication.name", "smoke_cdc_pub");
        PostgresIncrementalSource<String> source =
                PostgresIncrementalSource.<String>builder()
                        .hostname(POSTGRES.host())
                        .port(POSTGRES.port())
                        .database(POSTGRES.database())
                        .schemaList("public")
                        .tableList("public.smoke_cdc")
                        .username(POSTGRES.user())
                        .password(POSTGRES.password())
                        .slotName(slot)
                        .decodingPluginName("pgoutput")
                        .debeziumProperties(debezium)
                        .startupOptions(StartupOptions.initial())
                        .deserializer(new JsonDebeziumDeserializationSchema())
                        .build();

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ZERO);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        // The collect sink (and the CDC source) only hand rows out after a completed checkpoint.
        env.enableCheckpointing(300);

        List<JsonNode> snapshot = new ArrayList<>();
        JsonNode streamed;
        try (CloseableIterator<String> changes =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "postgres-cdc")
                        .collectAsync()) {
            JobClient job = env.executeAsync("postgres-cdc-smoke");
            try {
                for (int i = 0; i < 3; i++) {
                    snapshot.add(JSON.readTree(changes.next()));
                }
                // The snapshot is complete: this row can only arrive through the replication slot.
                POSTGRES.execute("INSERT INTO smoke_cdc VALUES (4, 'd')");
                streamed = JSON.readTree(changes.next());
            } finally {
                // Stop the job before dropping its slot, so Debezium does not see its walsender
                // die.
                job.cancel().get(60, TimeUnit.SECONDS);
                Waiting.waitUntil(
                        () -> job.getJobStatus().join().isGloballyTerminalState(),
                        Duration.ofSeconds(60),
                        "CDC job cancelled");
            }
        } finally {
            POSTGRES.dropReplicationSlot(slot);
            POSTGRES.execute("DROP PUBLICATION IF EXISTS smoke_cdc_pub");
        }

        assertThat(snapshot)
                .allSatisfy(row -> assertThat(row.path("op").asText()).isEqualTo("r"))
                .extracting(row -> row.path("after").path("name").asText())
                .containsExactlyInAnyOrder("a", "b", "c");
        assertThat(streamed.path("op").asText()).isEqualTo("c");
        assertThat(streamed.path("after").path("id").asInt()).isEqualTo(4);
        assertThat(streamed.path("after").path("name").asText()).isEqualTo("d");
        assertThat(POSTGRES.query("SELECT 1 FROM pg_replication_slots WHERE slot_name = ?", slot))
                .isEmpty();
    }
}
