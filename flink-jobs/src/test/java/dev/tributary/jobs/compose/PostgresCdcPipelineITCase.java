package dev.tributary.jobs.compose;

import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.jobs.cdc.CdcSchemas;
import dev.tributary.jobs.cdc.CdcTestData;
import dev.tributary.jobs.lake.LakeFiles;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.testing.PostgresTestServer;
import dev.tributary.testing.Waiting;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pipeline definition with a {@code postgres-cdc} source, run through the composer against a real
 * PostgreSQL: credentials come from the environment via {@code ${...}}, the snapshot and the streamed
 * changes land in bronze once each with their {@code _op}, PII hashed, and the {@code scd2} block runs.
 */
class PostgresCdcPipelineITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @RegisterExtension static final PostgresTestServer POSTGRES = new PostgresTestServer();

    @TempDir Path tmp;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aYamlDefinedCdcSourceLandsSnapshotAndChangesInBronze() throws Exception {
        String table = "customers_yaml";
        String slot = "tributary_yaml";
        CdcTestData.createTable(POSTGRES, table);
        POSTGRES.execute(CdcTestData.insert(table, "c-1", "consumer", "GB", "2026-01-05T00:00:00Z"),
                CdcTestData.insert(table, "c-2", "smb", "DE", "2026-01-05T00:00:00Z"));
        String yaml = String.join("\n",
                "pipeline: {name: cdc}",
                "runtime: {mode: streaming, checkpoint-interval: 500 ms, parallelism: 1}",
                "lake: {root: " + tmp.resolve("lake").toUri() + "}",
                "sources:",
                "  customers:",
                "    kind: postgres-cdc",
                "    options:",
                "      hostname: " + POSTGRES.host(),
                "      port: " + POSTGRES.port(),
                "      database: " + POSTGRES.database(),
                "      tables: public." + table,
                "      slot-name: " + slot,
                "      publication-name: " + slot + "_pub",
                "      username: ${PG_USER}",
                "      password: ${PG_PASSWORD}",
                "      heartbeat-interval: 1 s",
                "    schema:",
                "      customer_id: STRING NOT NULL",
                "      name: STRING",
                "      email: STRING",
                "      segment: STRING NOT NULL",
                "      country: STRING NOT NULL",
                "      updated_at: TIMESTAMP NOT NULL",
                "    event-time: {column: _commit_ts, out-of-orderness: 1 s, idle-timeout: 1 s}",
                "    bronze:",
                "      dedupe: {key: [customer_id, _lsn, _op], retention: 1 h}",
                "      pii: {name: hash, email: hash}",
                "silver:",
                "  customers_history: {block: scd2, inputs: {changes: customers}}",
                "");
        ResolvedPipeline pipeline = PipelineLoader.load(yaml, "cdc.yaml",
                Map.of("PG_USER", POSTGRES.user(), "PG_PASSWORD", POSTGRES.password()), getClass().getClassLoader());
        LakeLayout lake = pipeline.def().lake().layout();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(500);
        new PipelineComposer(pipeline, CdcTestData.PII_KEY, "yaml-cdc-").compose(env);
        JobClient job = env.executeAsync("yaml-cdc");
        try {
            awaitBronze(lake, pipeline, 2, job);
            POSTGRES.execute("UPDATE " + table + " SET segment = 'enterprise' WHERE customer_id = 'c-1'",
                    CdcTestData.insert(table, "c-3", "consumer", "FR", "2026-01-05T01:00:00Z"));
            awaitBronze(lake, pipeline, 4, job);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
            POSTGRES.dropReplicationSlot(slot);
        }

        List<Row> rows = bronze(lake, pipeline);
        int id = landed(pipeline).indexOf("customer_id");
        int op = landed(pipeline).indexOf(CdcSchemas.OP);
        assertThat(rows.stream().map(r -> r.getField(id) + ":" + r.getField(op)).collect(Collectors.toList()))
                .containsExactlyInAnyOrder("c-1:r", "c-2:r", "c-1:u", "c-3:c");
        int email = landed(pipeline).indexOf("email");
        assertThat(rows).allSatisfy(r -> assertThat((String) r.getField(email)).startsWith("tok:v1:").doesNotContain("@mail.example"));
    }

    private static dev.tributary.transforms.api.RecordSchema landed(ResolvedPipeline p) {
        return BronzeSchemas.landed(p.def().source("customers").orElseThrow().dataset().schema());
    }

    private static List<Row> bronze(LakeLayout lake, ResolvedPipeline p) throws Exception {
        return LakeFiles.readAll(lake.bronze("customers"), landed(p));
    }

    private static void awaitBronze(LakeLayout lake, ResolvedPipeline p, int n, JobClient job) throws Exception {
        Waiting.waitUntil(() -> {
            CdcTestData.failIfJobEnded(job);
            try {
                return bronze(lake, p).size() >= n;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Duration.ofSeconds(90), n + " bronze customer rows committed");
    }
}
