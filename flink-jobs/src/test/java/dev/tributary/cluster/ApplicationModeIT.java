package dev.tributary.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 item 2, application mode: the JobManager runs {@code run --pipeline} itself (as
 * {@code standalone-job.sh} or the Kubernetes operator start it), {@code main()} returns after submission
 * (detached: nobody can wait), never calls {@code System.exit}, and the cluster shuts down cleanly (exit 0)
 * once the bounded job finished, with the lake exact (read back with parquet-java).
 */
class ApplicationModeIT {

    private static final String SECRET = "application-mode-it-secret-0123";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void theJobManagerRunsMainSubmitsDetachedAndShutsDownWhenTheJobFinished() throws Exception {
        Random random = new Random(7);
        TreeSet<String> ids = new TreeSet<>();
        StringBuilder in = new StringBuilder();
        for (int i = 0, n = 40 + random.nextInt(40); i < n; i++) {
            String id = Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
            ids.add(id);
            String line = "{\"id\":\"" + id + "\",\"ts\":\"2026-01-01T00:00:" + String.format("%02d", i % 60) + "Z\"}\n";
            in.append(line);
            if (random.nextInt(4) == 0) {
                in.append(line); // a duplicate
            }
        }
        Path input = Files.writeString(work.resolve("in.jsonl"), in.toString());
        Path lake = work.resolve("lake");
        Path pipeline = Files.writeString(work.resolve("app.yaml"), String.join("\n",
                "pipeline: {name: app}",
                "runtime: {mode: streaming, checkpoint-interval: 500 ms, parallelism: 2}",
                "lake: {root: '" + lake + "'}",
                "sources:",
                "  items:",
                "    kind: files",
                "    options: {path: '" + input + "'}",
                "    schema: {id: STRING NOT NULL, ts: TIMESTAMP NOT NULL}",
                "    event-time: {column: ts}",
                "    bronze: {dedupe: {key: [id]}}",
                ""));

        long t0 = System.nanoTime();
        try (StandaloneFlinkCluster cluster = StandaloneFlinkCluster.startApplication(ClusterTestPaths.flinkLib(),
                work.resolve("flink"), Map.of("TRIBUTARY_PII_KEY", SECRET), ClusterTestPaths.jobJar(),
                List.of("run", "--pipeline", pipeline.toString()))) {
            int exit = cluster.awaitJobManagerExit(Duration.ofMinutes(4));
            System.out.printf("[application-mode-it] JobManager exited %d after %d ms%n", exit, (System.nanoTime() - t0) / 1_000_000);
            String jobManagerOut = Files.readString(work.resolve("flink/log/jobmanager.out"));
            String jobManagerLog = Files.readString(work.resolve("flink/log/jobmanager.log"));
            assertThat(exit).as(cluster.logTail()).isZero();
            assertThat(jobManagerOut).contains("pipeline 'app': job ", " submitted (detached)");
            assertThat(jobManagerLog).contains("switched from state RUNNING to FINISHED")
                    .doesNotContain("UserSystemExitException").doesNotContain("System.exit");
        }
        List<String> landed = RescalingIT.rows(lake.resolve("bronze/items")).stream()
                .map(r -> r.replaceAll("^id=([^|]*)\\|.*$", "$1")).sorted().collect(Collectors.toList());
        assertThat(landed).containsExactlyElementsOf(ids);
    }
}
