package dev.tributary.jobs.cli;

import dev.tributary.testing.PostgresTestServer;

import java.nio.file.Files;
import java.nio.file.Path;

/** Pipeline definitions of the CDC run tests: a postgres-cdc source of a customers table, bronze and scd2. */
public final class CdcPipelines {

    private CdcPipelines() {}

    public static java.util.Map<String, String> env(PostgresTestServer pg) {
        return java.util.Map.of(dev.tributary.transforms.api.PiiKey.ENV_SECRET, "cdc-resume-test-secret-0123456789",
                "PG_USER", pg.user(), "PG_PASSWORD", pg.password());
    }

    public static dev.tributary.jobs.compose.ResolvedPipeline load(Path yaml, PostgresTestServer pg) throws Exception {
        return dev.tributary.jobs.compose.PipelineLoader.load(Files.readString(yaml), yaml.toString(), env(pg),
                CdcPipelines.class.getClassLoader());
    }

    /** A bronze + scd2 pipeline over {@code table}; {@code extraColumns} are appended to the schema. */
    public static Path write(PostgresTestServer pg, Path dir, String table, String slot, int parallelism, String extraColumns) throws Exception {
        return write(pg, dir, table, slot, parallelism, extraColumns, true);
    }

    /** As above; without the scd2 model when {@code scd2} is false. */
    public static Path write(PostgresTestServer pg, Path dir, String table, String slot, int parallelism, String extraColumns,
            boolean scd2) throws Exception {
        String yaml = String.join("\n",
                "pipeline: {name: cdc_resume}",
                "runtime: {mode: streaming, checkpoint-interval: 300 ms, parallelism: " + parallelism + "}",
                "lake: {root: " + dir.resolve("lake").toUri() + "}",
                "sources:",
                "  customers:",
                "    kind: postgres-cdc",
                "    options:",
                "      hostname: " + pg.host(),
                "      port: " + pg.port(),
                "      database: " + pg.database(),
                "      tables: public." + table,
                "      slot-name: " + slot,
                "      publication-name: " + slot + "_pub",
                "      username: ${PG_USER}",
                "      password: ${PG_PASSWORD}",
                "      heartbeat-interval: 1 s",
                "      snapshot.split-size: 10",
                "    schema:",
                "      customer_id: STRING NOT NULL",
                "      name: STRING",
                "      email: STRING",
                "      segment: STRING NOT NULL",
                "      country: STRING NOT NULL",
                "      updated_at: TIMESTAMP NOT NULL",
                extraColumns,
                "    event-time: {column: _commit_ts, out-of-orderness: 200 ms, idle-timeout: 1 s}",
                "    bronze:",
                "      dedupe: {key: [customer_id, _lsn, _op], retention: 1 h}",
                "      pii: {name: hash, email: hash}",
                scd2 ? "silver:" : "",
                scd2 ? "  customers_history: {block: scd2, inputs: {changes: customers}}" : "",
                "");
        Path file = dir.resolve("pipeline-" + table + ".yaml");
        Files.writeString(file, yaml.replaceAll("\n+", "\n"));
        return file;
    }

    /** The SCD2 history in the lake (closed and open versions merged) as {@link CdcChangeScript} strings. */
    public static java.util.List<String> history(dev.tributary.jobs.lake.LakeLayout lake,
            dev.tributary.jobs.compose.ResolvedPipeline pipeline) throws Exception {
        dev.tributary.transforms.api.RecordSchema history = dev.tributary.jobs.silver.scd2.Scd2Schemas.history(
                pipeline.def().source("customers").orElseThrow().dataset().schema(), "customers_history");
        return dev.tributary.jobs.cdc.CdcChangeScript.historyStrings(dev.tributary.jobs.silver.scd2.Scd2Versions.merge(history,
                        dev.tributary.jobs.lake.LakeFiles.readAll(lake.silver("customers_history"), history),
                        dev.tributary.jobs.lake.LakeFiles.readAll(lake.silver("customers_history_open"), history)),
                history);
    }
}
