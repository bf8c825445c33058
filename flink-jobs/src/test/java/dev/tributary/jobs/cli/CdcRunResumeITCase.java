package dev.tributary.jobs.cli;

import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.jobs.cdc.CdcChangeScript;
import dev.tributary.jobs.compose.ResolvedPipeline;
import dev.tributary.jobs.lake.LakeFiles;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.ops.WriterLease;
import dev.tributary.testing.PostgresTestServer;
import dev.tributary.testing.Waiting;
import dev.tributary.transforms.api.RecordSchema;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tributary run --local} of a PostgreSQL CDC pipeline (bronze + scd2) in a child JVM, killed for
 * real (SIGKILL) mid-stream and started again with the same command: it resumes from the killed run's
 * last completed checkpoint, so bronze holds every committed change exactly once with no second snapshot,
 * and the SCD2 history equals the one computed in plain Java from the changes the test made. Ends with
 * SIGTERM: the run stops with a savepoint, prints its summary and exits 0.
 */
class CdcRunResumeITCase {

    @RegisterExtension static final PostgresTestServer POSTGRES = new PostgresTestServer();

    @TempDir Path tmp;

    @Test
    @Timeout(value = 360, unit = TimeUnit.SECONDS)
    void aKilledRunResumesWithoutLosingOrRepeatingAChange() throws Exception {
        CdcChangeScript script = new CdcChangeScript(POSTGRES, "cust_kill", 14).snapshot(30);
        Path yaml = CdcPipelines.write(POSTGRES, tmp, "cust_kill", "kill_slot", 1, "");
        ResolvedPipeline pipeline = load(yaml);
        LakeLayout lake = pipeline.def().lake().layout();
        RecordSchema landed = BronzeSchemas.landed(pipeline.def().source("customers").orElseThrow().dataset().schema());

        try (CliProcess first = CliProcess.start(tmp, "first", env(), "run", "--local", "--pipeline", yaml.toString())) {
            awaitBronze(lake, landed, 31, first);
            script.changes(25);
            awaitBronze(lake, landed, 31 + 10, first);
            script.changes(15); // some of these are read but not yet checkpointed when the process dies
            first.kill();
        }
        script.changes(15); // committed while nothing runs
        // The killed run cannot release its writer lease: a new run may start once it expired.
        Waiting.waitUntil(() -> leaseExpired(lake), Duration.ofSeconds(60), "the killed run's writer lease expired");

        try (CliProcess second = CliProcess.start(tmp, "second", env(), "run", "--local", "--pipeline", yaml.toString())) {
            script.changes(15);
            List<String> expectedBronze = script.expectedBronze();
            List<String> expectedHistory = script.expectedHistory();
            Waiting.waitUntil(() -> {
                second.failIfExited();
                try {
                    script.touchSentinel();
                    return CdcChangeScript.bronzeStrings(LakeFiles.readAll(lake.bronze("customers"), landed), landed).size()
                                    >= expectedBronze.size()
                            && history(lake, pipeline).size() >= expectedHistory.size();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, Duration.ofSeconds(120), "every change in bronze and the SCD2 history");

            assertThat(second.stderr()).contains("resuming from the last completed checkpoint");
            assertThat(CdcChangeScript.bronzeStrings(LakeFiles.readAll(lake.bronze("customers"), landed), landed))
                    .containsExactlyElementsOf(expectedBronze);
            assertThat(history(lake, pipeline)).containsExactlyElementsOf(expectedHistory);

            // Ctrl-C / SIGTERM: stop with a savepoint, summary, exit 0; the next run would resume from it.
            second.terminate();
            assertThat(second.awaitExit(Duration.ofSeconds(60))).as(second.stderr()).isZero();
            assertThat(second.stdout()).contains("Bronze").contains("accounting balanced");
            assertThat(second.stderr()).contains("stopped with savepoint");
        }
        assertThat(new PipelineState(new org.apache.flink.core.fs.Path(lake.root() + "/_tributary/state/cdc_resume")).latest())
                .hasValueSatisfying(p -> assertThat(p).contains("savepoint"));
        POSTGRES.dropReplicationSlot("kill_slot");
    }

    static boolean leaseExpired(LakeLayout lake) {
        try {
            org.apache.flink.core.fs.Path p = WriterLease.location(lake, "cdc_resume");
            java.io.File f = new java.io.File(p.toUri());
            if (!f.exists()) {
                return true;
            }
            java.util.Properties props = new java.util.Properties();
            try (java.io.Reader r = Files.newBufferedReader(f.toPath())) {
                props.load(r);
            }
            long beat = Long.parseLong(props.getProperty("heartbeat", "0"));
            return System.currentTimeMillis() - beat > WriterLease.TTL.toMillis() + 1000;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> history(LakeLayout lake, ResolvedPipeline pipeline) throws Exception {
        return CdcPipelines.history(lake, pipeline);
    }

    static void awaitBronze(LakeLayout lake, RecordSchema landed, int n, CliProcess cli) throws Exception {
        try {
            Waiting.waitUntil(() -> {
                cli.failIfExited();
                try {
                    return LakeFiles.readAll(lake.bronze("customers"), landed).size() >= n;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, Duration.ofSeconds(180), n + " bronze rows");
        } catch (AssertionError e) {
            String err = cli.stderr();
            throw new AssertionError(e.getMessage() + "; the run's stderr:\n" + err.substring(Math.max(0, err.length() - 4000)), e);
        }
    }

    static Map<String, String> env() {
        return CdcPipelines.env(POSTGRES);
    }

    static ResolvedPipeline load(Path yaml) throws Exception {
        return CdcPipelines.load(yaml, POSTGRES);
    }

}
