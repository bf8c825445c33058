package dev.tributary.cluster;

import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.jobs.cdc.CdcChangeScript;
import dev.tributary.jobs.cli.CdcPipelines;
import dev.tributary.jobs.compose.ResolvedPipeline;
import dev.tributary.jobs.lake.LakeFiles;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.testing.PostgresTestServer;
import dev.tributary.testing.Waiting;
import dev.tributary.transforms.api.RecordSchema;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PostgreSQL CDC pipeline (bronze + scd2, parallelism 2, several snapshot splits) submitted as {@code
 * run --pipeline} to a real standalone cluster, whose only TaskManager is killed (SIGKILL) mid-stream;
 * a new TaskManager JVM is started with the same command line and the job restores its last completed
 * checkpoint there:
 *
 * <pre>
 *  snapshot 60 rows ─ run ─ 25 changes ─ 15 more ─ kill -9 the TaskManager ─ 15 changes (no TaskManager)
 *    ─ new TaskManager ─ job restored from a checkpoint ─ 15 changes
 *    ─ bronze == every committed change once (no second snapshot), SCD2 == the history computed here
 * </pre>
 *
 * <p>It caught FLINK-39265 in 2 of 3 runs before {@code CommitBoundaryOffsets}: the first change committed
 * after the restored checkpoint's commit LSN was missing (k-0006 {@code u|retail|ES});
 * {@code CommitBoundaryResumeITCase} reproduces that loss deterministically.
 */
class CdcTaskManagerKillIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    @RegisterExtension static final PostgresTestServer POSTGRES = new PostgresTestServer();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void aKilledTaskManagerLosesAndRepeatsNoChange() throws Exception {
        CdcChangeScript script = new CdcChangeScript(POSTGRES, "cust_tm", 23).snapshot(60);
        Path yaml = CdcPipelines.write(POSTGRES, work, "cust_tm", "tm_slot", 2, "");
        ResolvedPipeline pipeline = CdcPipelines.load(yaml, POSTGRES);
        LakeLayout lake = pipeline.def().lake().layout();
        RecordSchema landed = BronzeSchemas.landed(pipeline.def().source("customers").orElseThrow().dataset().schema());

        Process newTaskManager = null;
        try (StandaloneFlinkCluster cluster = StandaloneFlinkCluster.start(ClusterTestPaths.flinkLib(), work.resolve("flink"),
                CdcPipelines.env(POSTGRES))) {
            FlinkRestClient rest = cluster.rest();
            String job = rest.run(rest.uploadJar(ClusterTestPaths.jobJar()), List.of("run", "--pipeline", yaml.toString()),
                    null, null);
            try {
                awaitBronze(lake, landed, 61, cluster, rest, job);
                script.changes(25);
                awaitBronze(lake, landed, 61 + 10, cluster, rest, job);
                rest.awaitCompletedCheckpoints(job, 3, TIMEOUT);
                script.changes(15); // some read, not yet checkpointed when the TaskManager dies

                ProcessHandle taskManager = cluster.handles().get(1);
                List<String> command = commandLine(taskManager);
                taskManager.destroyForcibly();
                taskManager.onExit().get(30, TimeUnit.SECONDS);
                log("TaskManager %d killed", taskManager.pid());
                script.changes(15); // committed while no TaskManager runs

                newTaskManager = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(work.resolve("flink/log/taskmanager-2.out").toFile()).start();
                Waiting.waitUntil(() -> restoredFromCheckpoint(rest, job), TIMEOUT, "the job restored on the new TaskManager");
                script.changes(15);

                List<String> expectedBronze = script.expectedBronze();
                List<String> expectedHistory = script.expectedHistory();
                try {
                    Waiting.waitUntil(() -> {
                        try {
                            script.touchSentinel();
                            return bronze(lake, landed).size() >= expectedBronze.size()
                                    && CdcPipelines.history(lake, pipeline).size() >= expectedHistory.size();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }, TIMEOUT, "every change in bronze and the SCD2 history");
                } catch (AssertionError notComplete) {
                    log("incomplete: %s; job %s; %s", notComplete.getMessage(), rest.job(job).path("state"), rest.exceptions(job));
                }
                log("restored at a commit boundary (the FLINK-39265 case): %s", commitBoundaryRestoreLogged(work.resolve("flink/log")));
                assertThat(bronze(lake, landed)).as("bronze: each committed change once, no second snapshot")
                        .containsExactlyElementsOf(expectedBronze);
                assertThat(CdcPipelines.history(lake, pipeline)).containsExactlyElementsOf(expectedHistory);
                assertThat(LakeFiles.committedFiles(lake.silverLate("customers"))).as("silver/_late/customers").isEmpty();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\n" + cluster.logTail(), e);
            }
        } finally {
            if (newTaskManager != null) {
                stop(newTaskManager);
            }
            POSTGRES.dropReplicationSlot("tm_slot");
        }
    }

    private static List<String> bronze(LakeLayout lake, RecordSchema landed) throws Exception {
        return CdcChangeScript.bronzeStrings(LakeFiles.readAll(lake.bronze("customers"), landed), landed);
    }

    private static boolean restoredFromCheckpoint(FlinkRestClient rest, String job) {
        JsonNode restored = rest.checkpoints(job).path("latest").path("restored");
        return !restored.isMissingNode() && !restored.isNull() && !restored.path("is_savepoint").asBoolean(true)
                && "RUNNING".equals(rest.job(job).path("state").asText());
    }

    /** Whether a TaskManager logged that the restored stream offset was a commit boundary (CommitBoundaryOffsets). */
    private static boolean commitBoundaryRestoreLogged(Path logs) throws Exception {
        try (java.util.stream.Stream<Path> files = Files.list(logs)) {
            for (Path f : (Iterable<Path>) files.filter(f -> f.getFileName().toString().startsWith("taskmanager"))::iterator) {
                if (Files.readString(f, StandardCharsets.UTF_8).contains("is a commit boundary: Debezium resumes from")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The killed TaskManager's exact command line (from /proc), so the new one starts as the fixture started it. */
    private static List<String> commandLine(ProcessHandle process) throws Exception {
        byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
        List<String> args = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) {
                args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        assertThat(args).as("TaskManager command line").contains("org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
        return args;
    }

    private static void awaitBronze(LakeLayout lake, RecordSchema landed, int n, StandaloneFlinkCluster cluster,
            FlinkRestClient rest, String job) throws InterruptedException {
        try {
            Waiting.waitUntil(() -> {
                try {
                    return LakeFiles.readAll(lake.bronze("customers"), landed).size() >= n;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, TIMEOUT, n + " bronze rows");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\njob state: " + rest.job(job).path("state")
                    + "\nroot exception: " + rest.exceptions(job) + "\n" + cluster.logTail(), e);
        }
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf("[cdc-tm-kill-it] " + format + "%n", args);
    }
}
