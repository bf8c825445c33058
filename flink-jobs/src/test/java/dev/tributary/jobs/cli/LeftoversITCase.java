package dev.tributary.jobs.cli;

import dev.tributary.jobs.compose.PipelineLoader;
import dev.tributary.jobs.definition.PipelineDef;
import dev.tributary.jobs.lake.LakeFiles;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.ops.LakeCleaner;
import dev.tributary.testing.Waiting;

import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 item 5: a killed run leaves in-progress part files that nothing removed. A real
 * {@code tributary run} process is killed (SIGKILL) mid-stream; {@code lake clean} refuses while the
 * killed run's lease is still fresh, then removes every in-progress file and nothing else.
 */
class LeftoversITCase {
    private static final Map<String, String> ENV = Map.of("TRIBUTARY_PII_KEY", "leftovers-test-secret-0123");

    @TempDir java.nio.file.Path tmp;

    @Test
    void aKilledRunsInProgressFilesAreCleanedAndCommittedFilesKept() throws Exception {
        java.nio.file.Path file = tmp.resolve("leftovers.yaml");
        Files.writeString(file, String.join("\n",
                "pipeline: {name: leftovers}",
                "runtime: {mode: streaming, checkpoint-interval: 1 s, parallelism: 2}",
                "lake: {root: '" + tmp.resolve("lake") + "'}",
                "sources:",
                "  orders:",
                "    kind: generator",
                "    options: {seed: 5, orders: 20000000, profile: clean}",
                "    schema: {order_id: STRING NOT NULL, customer_id: STRING NOT NULL, order_ts: TIMESTAMP NOT NULL,",
                "             amount: 'DECIMAL(12, 2) NOT NULL', currency: STRING NOT NULL, status: STRING, email: STRING,",
                "             phone: STRING, shipping_address: STRING}",
                "    event-time: {column: order_ts}",
                "    bronze: {dedupe: {key: [order_id]}}",
                ""));
        PipelineDef def = PipelineLoader.load(Files.readString(file), file.toString(), ENV, getClass().getClassLoader()).def();
        LakeLayout lake = def.lake().layout();

        java.nio.file.Path log = tmp.resolve("run.log");
        ProcessBuilder pb = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), TributaryCli.class.getName(), "run", "--pipeline", file.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(ENV);
        Process run = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] clean = {"lake", "clean", "--pipeline", file.toString()};
        List<Path> committed;
        LakeCleaner.Result before;
        try {
            Waiting.waitUntil(() -> {
                try {
                    return !LakeFiles.committedFiles(lake.bronze("orders")).isEmpty() && LakeCleaner.count(def, lake).files > 0;
                } catch (java.io.IOException e) {
                    return false; // a file committed while listed: look again
                }
            }, Duration.ofMinutes(3), "a committed checkpoint and in-progress files (run log: " + log + ")");
            // While the run lives, its in-progress files are its current output: refused.
            int refused = TributaryCli.run(clean, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), ENV);
            assertThat(refused).isEqualTo(TributaryCli.JOB_FAILED);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("pipeline 'leftovers' is running", "clean after it stopped");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + Files.readString(log), e);
        } finally {
            run.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no cleanup of its own
        }
        committed = LakeFiles.committedFiles(lake.bronze("orders"));
        before = LakeCleaner.count(def, lake);
        System.out.printf("[leftovers] after the kill: %d in-progress files (%d bytes), %d committed%n",
                before.files, before.bytes, committed.size());

        // The killed run's process is gone: its lease no longer holds (same host, dead pid), no TTL wait.
        err.reset();
        int code = TributaryCli.run(clean, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), ENV);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(TributaryCli.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("removed " + before.files + " in-progress files (" + before.bytes + " bytes)");
        assertThat(LakeCleaner.count(def, lake).files).isZero();
        assertThat(LakeFiles.committedFiles(lake.bronze("orders"))).isEqualTo(committed);
    }
}
