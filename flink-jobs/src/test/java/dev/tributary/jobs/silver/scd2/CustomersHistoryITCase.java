package dev.tributary.jobs.silver.scd2;

import dev.tributary.jobs.bronze.BronzeJob;
import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.jobs.cdc.CdcSchemas;
import dev.tributary.jobs.cdc.CdcTestData;
import dev.tributary.jobs.cdc.PostgresCdcSources;
import dev.tributary.jobs.lake.LakeFiles;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeSinks;
import dev.tributary.testing.PostgresTestServer;
import dev.tributary.testing.Waiting;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.tributary.jobs.cdc.CdcTestData.CUSTOMERS;
import static dev.tributary.jobs.cdc.CdcTestData.insert;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code silver/customers_history} from a real PostgreSQL change stream: STREAMING (CDC → bronze → SCD2 in
 * one job) and BATCH (SCD2 over the bronze Parquet the streaming run landed) give the same versions, and
 * those are exactly the versions the scripted changes imply, with valid_from/valid_to = commit times.
 */
class CustomersHistoryITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @RegisterExtension static final PostgresTestServer POSTGRES = new PostgresTestServer();

    private static final String TABLE = "customers_h";
    private static final String SLOT = "history_h";
    /** A row the test keeps updating so event time moves on (production: a heartbeat table or steady traffic). */
    private static final String HEARTBEAT = "hb-0";

    private static final RecordSchema LANDED = BronzeSchemas.landed(CUSTOMERS.schema());
    private static final int OP = LANDED.indexOf(CdcSchemas.OP);
    private static final int LSN = LANDED.indexOf(CdcSchemas.LSN);
    private static final int COMMIT_TS = LANDED.indexOf(CdcSchemas.COMMIT_TS);

    @TempDir Path tmp;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void streamingAndBatchLandTheExpectedVersions() throws Exception {
        LakeLayout lake = new LakeLayout(tmp.resolve("lake").toUri().toString());
        Scd2Job history = new Scd2Job(CUSTOMERS, "customers_history", lake, LakeSinks.rollOnCheckpoint(), "test-");
        RecordSchema schema = history.historySchema();
        CdcTestData.createTable(POSTGRES, TABLE);
        POSTGRES.execute(insert(TABLE, "c-1", "retail", "FR", "2026-01-01T00:00:00Z"),
                insert(TABLE, "c-2", "retail", "DE", "2026-01-02T00:00:00Z"),
                insert(TABLE, "c-3", "smb", "IT", "2026-01-03T00:00:00Z"),
                insert(TABLE, HEARTBEAT, "none", "XX", "2026-01-01T00:00:00Z"));

        StreamExecutionEnvironment env = CdcTestData.streamingEnv(3);
        Map<String, org.apache.flink.streaming.api.datastream.DataStream<Row>> bronze = new BronzeJob(
                List.of(PostgresCdcSources.bronzeInput(CUSTOMERS, CdcTestData.config(POSTGRES, TABLE, SLOT))),
                lake, LakeSinks.rollOnCheckpoint(), CdcTestData.PII_KEY, "test-").build(env);
        history.build(bronze.get(CUSTOMERS.name()));
        JobClient job = env.executeAsync("cdc-customers-history");
        List<Row> expected;
        try {
            CdcTestData.awaitBronzeRows(lake, CUSTOMERS, 4, job);
            runScript();
            try {
                Waiting.waitUntil(() -> {
                    CdcTestData.failIfJobEnded(job);
                    heartbeat();
                    List<Row> changes = scripted(bronzeRows(lake));
                    return changes.size() == 11 && scripted(versions(lake, history)).equals(expectedVersions(changes));
                }, Duration.ofSeconds(60), "streaming customers_history holds every scripted version");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; bronze changes " + scripted(bronzeRows(lake))
                        + ", versions " + scripted(versions(lake, history)) + ", expected "
                        + expectedVersions(scripted(bronzeRows(lake))), e);
            }
            expected = expectedVersions(scripted(bronzeRows(lake)));
        } finally {
            CdcTestData.stop(job, POSTGRES, SLOT);
        }

        assertScriptedStructure(expected, schema);
        List<Row> streamingClosed = scripted(LakeFiles.readAll(lake.silver("customers_history"), schema));
        List<Row> streamingOpened = scripted(LakeFiles.readAll(lake.silver("customers_history_open"), schema));
        assertThat(streamingClosed).allSatisfy(r -> assertThat(r.getField(schema.indexOf(Scd2Schemas.VALID_TO))).isNotNull());

        LakeLayout batchLake = new LakeLayout(tmp.resolve("batch-lake").toUri().toString());
        copyTree(tmp.resolve("lake/bronze"), tmp.resolve("batch-lake/bronze"));
        Scd2Job batchHistory = new Scd2Job(CUSTOMERS, "customers_history", batchLake, LakeSinks.rollOnCheckpoint(), "test-");
        StreamExecutionEnvironment batch = StreamExecutionEnvironment.getExecutionEnvironment();
        batch.setRuntimeMode(RuntimeExecutionMode.BATCH);
        batch.setParallelism(2);
        batchHistory.buildFromBronze(batch);
        batch.execute("customers-history-batch");

        assertThat(scripted(LakeFiles.readAll(batchLake.silver("customers_history"), schema)))
                .containsExactlyInAnyOrderElementsOf(streamingClosed);
        assertThat(scripted(LakeFiles.readAll(batchLake.silver("customers_history_open"), schema)))
                .containsExactlyInAnyOrderElementsOf(streamingOpened);
        assertThat(scripted(versions(batchLake, batchHistory))).isEqualTo(expected);
        CdcTestData.assertNoClearPii(tmp, "c-1", "c-2", "c-3", "c-4", HEARTBEAT);
    }

    /** Eight changes, each its own transaction, after the snapshot of c-1, c-2, c-3 landed. */
    private static void runScript() throws Exception {
        POSTGRES.execute(insert(TABLE, "c-4", "smb", "ES", "2026-02-01T00:00:00Z"),
                "UPDATE " + TABLE + " SET segment = 'gold' WHERE customer_id = 'c-1'",
                "UPDATE " + TABLE + " SET country = 'BE' WHERE customer_id = 'c-1'",
                "DELETE FROM " + TABLE + " WHERE customer_id = 'c-2'",
                "UPDATE " + TABLE + " SET segment = 'enterprise' WHERE customer_id = 'c-4'",
                "UPDATE " + TABLE + " SET name = 'Renamed c-1' WHERE customer_id = 'c-1'",
                "DELETE FROM " + TABLE + " WHERE customer_id = 'c-4'",
                insert(TABLE, "c-4", "retail", "PT", "2026-02-05T00:00:00Z"));
    }

    private static void heartbeat() {
        try {
            POSTGRES.execute("UPDATE " + TABLE + " SET updated_at = now() WHERE customer_id = '" + HEARTBEAT + "'");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the script implies, per key, given each change's landed commit time and LSN. */
    private static void assertScriptedStructure(List<Row> versions, RecordSchema schema) {
        int from = schema.indexOf(Scd2Schemas.VALID_FROM);
        Map<Object, List<String>> perKey = new TreeMap<>();
        for (Row v : versions) {
            perKey.computeIfAbsent(v.getField(0), k -> new ArrayList<>()).add(v.getField(from + 4) + ":"
                    + v.getField(3) + "/" + v.getField(4) + (v.getField(from + 1) == null ? ":open" : "")
                    + (Boolean.TRUE.equals(v.getField(from + 2)) ? ":deleted" : ""));
        }
        assertThat(perKey).containsExactly(
                Map.entry("c-1", List.of("r:retail/FR", "u:gold/FR", "u:gold/BE", "u:gold/BE:open")),
                Map.entry("c-2", List.of("r:retail/DE:deleted")),
                Map.entry("c-3", List.of("r:smb/IT:open")),
                Map.entry("c-4", List.of("c:smb/ES", "u:enterprise/ES:deleted", "c:retail/PT:open")));
        assertThat(versions).filteredOn(v -> "r".equals(v.getField(from + 4)))
                .allSatisfy(v -> assertThat(v.getField(from)).isEqualTo(Instant.EPOCH));
        // Versions of a key tile time: each one ends where the next begins.
        Map<Object, List<Row>> byKey = versions.stream().collect(Collectors.groupingBy(v -> v.getField(0)));
        byKey.values().forEach(vs -> {
            for (int i = 0; i + 1 < vs.size(); i++) {
                if (!Boolean.TRUE.equals(vs.get(i).getField(from + 2))) {
                    assertThat(vs.get(i).getField(from + 1)).isEqualTo(vs.get(i + 1).getField(from));
                }
            }
        });
    }

    /**
     * The oracle: per key, changes in (commit time, LSN) order; each change ends the previous version at its
     * commit time (a delete marks it deleted) and, unless a delete, starts a new one.
     */
    private static List<Row> expectedVersions(List<Row> changes) {
        int n = CdcSchemas.tableArity(CUSTOMERS.schema());
        List<Row> out = new ArrayList<>();
        Map<Object, List<Row>> byKey = changes.stream().collect(Collectors.groupingBy(r -> r.getField(0), TreeMap::new,
                Collectors.toList()));
        for (List<Row> keyChanges : byKey.values()) {
            keyChanges.sort(Comparator.<Row, Instant>comparing(r -> (Instant) r.getField(COMMIT_TS))
                    .thenComparingLong(r -> (Long) r.getField(LSN)));
            Row open = null;
            for (Row c : keyChanges) {
                if (open != null) {
                    open.setField(n + 1, c.getField(COMMIT_TS));
                    open.setField(n + 2, "d".equals(c.getField(OP)));
                    out.add(open);
                    open = null;
                }
                if (!"d".equals(c.getField(OP))) {
                    open = Row.withPositions(n + 5);
                    for (int i = 0; i < n; i++) {
                        open.setField(i, c.getField(i));
                    }
                    open.setField(n, c.getField(COMMIT_TS));
                    open.setField(n + 2, false);
                    open.setField(n + 3, c.getField(LSN));
                    open.setField(n + 4, c.getField(OP));
                }
            }
            if (open != null) {
                out.add(open);
            }
        }
        return out;
    }

    private static List<Row> bronzeRows(LakeLayout lake) {
        try {
            return CdcTestData.bronze(lake, CUSTOMERS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One row per version, ordered by key, then valid_from, then version LSN. */
    private static List<Row> versions(LakeLayout lake, Scd2Job job) {
        try {
            return Scd2Versions.read(lake, job);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows of the scripted customers (not the heartbeat row), sorted by key, time and LSN. */
    private static List<Row> scripted(List<Row> rows) {
        int ts = rows.isEmpty() || rows.get(0).getArity() != LANDED.arity() ? CdcSchemas.tableArity(CUSTOMERS.schema()) : COMMIT_TS;
        int lsn = ts == COMMIT_TS ? LSN : ts + 3;
        return rows.stream().filter(r -> !HEARTBEAT.equals(r.getField(0)))
                .sorted(Comparator.<Row, String>comparing(r -> (String) r.getField(0))
                        .thenComparing(r -> (Instant) r.getField(ts))
                        .thenComparingLong(r -> (Long) r.getField(lsn)))
                .collect(Collectors.toList());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
