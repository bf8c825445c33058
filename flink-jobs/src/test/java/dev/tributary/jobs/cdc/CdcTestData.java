package dev.tributary.jobs.cdc;

import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.lake.FlinkInputFile;
import dev.tributary.jobs.lake.LakeFiles;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.demo.datagen.ReferenceSchemas;
import dev.tributary.testing.PostgresTestServer;
import dev.tributary.testing.Waiting;
import dev.tributary.transforms.api.PiiKey;
import dev.tributary.transforms.api.PiiPolicy;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared fixtures of the CDC tests: the customers table as created in PostgreSQL, its CDC dataset,
 * source configs, a streaming environment, and an independent scan of every string in a lake.
 */
public final class CdcTestData {

    public static final PiiKey PII_KEY = new PiiKey("v1", "cdc-test-secret-0123456789");

    /** The reference customers dataset as CDC: name and email hashed, 1 s idleness for quick watermarks. */
    public static final DatasetDef CUSTOMERS = customers(Duration.ofSeconds(1));

    private CdcTestData() {}

    public static DatasetDef customers(Duration outOfOrderness) {
        return PostgresCdcSources.dataset(ReferenceSchemas.CUSTOMERS_SCHEMA, List.of("customer_id"))
                .eventTime(CdcSchemas.COMMIT_TS, outOfOrderness)
                .idleTimeout(Duration.ofSeconds(1))
                .pii(PiiPolicy.builder().hash("name").hash("email").build())
                .build();
    }

    /** Creates {@code public.<table>} shaped like the reference customers table, with full before-images. */
    public static void createTable(PostgresTestServer pg, String table) throws Exception {
        pg.execute("CREATE TABLE " + table + " (customer_id TEXT PRIMARY KEY, name TEXT, email TEXT,"
                        + " segment TEXT NOT NULL, country TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL)",
                "ALTER TABLE " + table + " REPLICA IDENTITY FULL");
    }

    /** An insert of customer {@code id} with PII values that embed the id (easy to find in a scan). */
    public static String insert(String table, String id, String segment, String country, String updatedAt) {
        return "INSERT INTO " + table + " VALUES ('" + id + "', '" + name(id) + "', '" + email(id) + "', '"
                + segment + "', '" + country + "', '" + updatedAt + "')";
    }

    public static String name(String id) {
        return "Name Of " + id;
    }

    public static String email(String id) {
        return id + "@mail.example";
    }

    public static PostgresCdcSourceConfig config(PostgresTestServer pg, String table, String slot) {
        return PostgresCdcSourceConfig.builder()
                .hostname(pg.host()).port(pg.port()).database(pg.database())
                .tables(List.of("public." + table))
                .username(pg.user()).password(pg.password())
                .slotName(slot).publicationName(slot + "_pub")
                .heartbeatInterval(Duration.ofSeconds(1))
                .build();
    }

    /** STREAMING, parallelism 2, 500 ms checkpoints, up to {@code restarts} restarts. */
    public static StreamExecutionEnvironment streamingEnv(int restarts) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, restarts);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(500);
        return env;
    }

    public static List<Row> bronze(LakeLayout lake, DatasetDef ds) throws IOException {
        return LakeFiles.readAll(lake.bronze(ds.name()), BronzeSchemas.landed(ds.schema()));
    }

    /** Waits until at least {@code n} committed bronze rows are in the lake. */
    public static void awaitBronzeRows(LakeLayout lake, DatasetDef ds, int n, JobClient job) throws Exception {
        Waiting.waitUntil(() -> {
            failIfJobEnded(job);
            try {
                return bronze(lake, ds).size() >= n;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, Duration.ofSeconds(90), n + " bronze rows committed");
    }

    public static void failIfJobEnded(JobClient job) {
        JobStatus s = job.getJobStatus().join();
        if (s.isGloballyTerminalState()) {
            throw new AssertionError("job ended early: " + s);
        }
    }

    /** Cancels the job, waits for it to end, then drops its slot and publication. */
    public static void stop(JobClient job, PostgresTestServer pg, String slot) throws Exception {
        try {
            if (!job.getJobStatus().get(30, TimeUnit.SECONDS).isGloballyTerminalState()) {
                job.cancel().get(60, TimeUnit.SECONDS);
            }
            Waiting.waitUntil(() -> job.getJobStatus().join().isGloballyTerminalState(), Duration.ofSeconds(60),
                    "job ended");
        } finally {
            pg.dropReplicationSlot(slot);
            pg.execute("DROP PUBLICATION IF EXISTS " + slot + "_pub");
        }
    }

    /**
     * Every string value of every committed Parquet file under {@code root} (bronze, quarantine, silver),
     * including {@code _quarantine} and {@code _late}, read with parquet-java's example reader against each file's own schema.
     */
    public static List<String> allStrings(java.nio.file.Path root) throws IOException {
        List<java.nio.file.Path> files;
        try (java.util.stream.Stream<java.nio.file.Path> walk = java.nio.file.Files.walk(root)) {
            files = walk.filter(f -> LakeFiles.isCommittedDataFile(f.getFileName().toString()))
                    .collect(java.util.stream.Collectors.toList());
        }
        List<String> out = new ArrayList<>();
        for (java.nio.file.Path file : files) {
            try (ParquetReader<Group> reader = new GroupReader(new FlinkInputFile(new Path(file.toUri()))).build()) {
                Group g;
                while ((g = reader.read()) != null) {
                    for (int i = 0; i < g.getType().getFieldCount(); i++) {
                        Type t = g.getType().getType(i);
                        if (t.isPrimitive() && t.asPrimitiveType().getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BINARY) {
                            for (int k = 0; k < g.getFieldRepetitionCount(i); k++) {
                                out.add(g.getString(i, k));
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    private static final class GroupReader extends ParquetReader.Builder<Group> {
        GroupReader(org.apache.parquet.io.InputFile file) {
            super(file);
        }

        @Override
        protected ReadSupport<Group> getReadSupport() {
            return new GroupReadSupport();
        }
    }

    /** No name or email of any scripted customer appears in clear in any string column of any lake file. */
    public static void assertNoClearPii(java.nio.file.Path lakeRoot, String... ids) throws Exception {
        List<String> strings = allStrings(lakeRoot);
        assertThat(strings).isNotEmpty();
        for (String id : ids) {
            for (String clear : List.of(name(id), email(id), "Renamed " + id, "new-" + id)) {
                assertThat(strings).noneSatisfy(s -> assertThat(s).contains(clear));
            }
        }
    }
}
