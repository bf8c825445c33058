package dev.tributary.cluster;

import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.jobs.compose.PipelineLoader;
import dev.tributary.jobs.definition.PipelineDef;
import dev.tributary.jobs.lake.LakeFiles;
import dev.tributary.testing.Waiting;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13 item 2: {@code run --pipeline} through every way a cluster takes a job, on a real standalone
 * cluster. REST {@code /jars/{id}/run} answered HTTP 400 ("cannot be fetched ... in Web Submission",
 * then {@code UserSystemExitException}) although the job ran, and a retry started a second job writing
 * the same lake; {@code flink run -d} never returned. Now:
 *
 * <pre>
 *   REST run        -> 200 + job id (detached by itself), lake exact; a retry -> error with our message, no 2nd job
 *   flink run -d    -> exits 0 at once ("submitted (detached)"), lake exact
 *   flink run       -> waits, prints the summary, exits 0; a re-run into the same lake exits 1 with one line
 * </pre>
 *
 * Application mode runs {@code main()} in the JobManager exactly as REST does (TARGET "embedded", not
 * attached), so the REST case covers its code path; it is not started here (another cluster per run).
 */
class SubmissionPathsIT {

    private static final String PII_SECRET = "submission-paths-it-secret-0123";
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path work;

    private static StandaloneFlinkCluster cluster;
    private static Path pipeline;
    private static List<String> ids;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = StandaloneFlinkCluster.start(ClusterTestPaths.flinkLib(), work.resolve("flink"),
                Map.of("TRIBUTARY_PII_KEY", PII_SECRET));
        Random random = new Random(2);
        ids = new ArrayList<>();
        StringBuilder in = new StringBuilder();
        for (int i = 0, n = 30 + random.nextInt(40); i < n; i++) {
            String id = Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
            ids.add(id);
            in.append("{\"id\":\"").append(id).append("\",\"ts\":\"2026-01-01T00:00:").append(String.format("%02d", i % 60))
                    .append("Z\"}\n");
            if (random.nextInt(5) == 0) {
                in.append("{\"id\":\"").append(id).append("\",\"ts\":\"2026-01-01T00:00:00Z\"}\n"); // a duplicate
            }
        }
        Path input = Files.writeString(work.resolve("in.jsonl"), in.toString());
        pipeline = Files.writeString(work.resolve("paths.yaml"), String.join("\n",
                "pipeline: {name: paths}",
                "runtime: {mode: streaming, checkpoint-interval: 500 ms, parallelism: 2}",
                "lake: {root: '" + work.resolve("unused-lake") + "'}",
                "sources:",
                "  items:",
                "    kind: files",
                "    options: {path: '" + input + "'}",
                "    schema: {id: STRING NOT NULL, ts: TIMESTAMP NOT NULL}",
                "    event-time: {column: ts}",
                "    bronze: {dedupe: {key: [id]}}",
                ""));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void restRunIsDetachedAndARetryIsRefusedWithOurMessage() throws Exception {
        FlinkRestClient rest = cluster.rest();
        String jarId = rest.uploadJar(ClusterTestPaths.jobJar());
        List<String> args = List.of("run", "--pipeline", pipeline.toString(), "--lake", work.resolve("lake-rest").toString());
        int before = jobsNamed(rest, "paths").size(); // the other test of this class may have run first

        long t0 = System.nanoTime();
        String job = rest.run(jarId, args, null, null);
        awaitFinished(rest, job);
        log("REST: job %s finished %d ms after submission", job, ms(t0));
        assertThat(landedIds(work.resolve("lake-rest"))).isEqualTo(sorted(ids));

        // The retry a user makes: refused with the CLI's message (not a System.exit from the JobManager):
        // within 30 s of the job's last heartbeat by its lease, after that by the output already there.
        assertThatThrownBy(() -> rest.run(jarId, args, null, null))
                .hasMessageContaining("The main method caused an error: tributary run --pipeline")
                .hasMessageMatching("(?s).*(pipeline 'paths' is already writing to the lake file:.*job " + job
                        + "|already holds output of pipeline 'paths').*")
                .hasMessageNotContaining("UserSystemExitException");
        assertThat(jobsNamed(rest, "paths")).as("jobs of the pipeline on the cluster: the retry added none").hasSize(before + 1);
        assertThat(landedIds(work.resolve("lake-rest"))).isEqualTo(sorted(ids));
    }

    @Test
    void flinkRunDetachedReturnsAtOnceAndFlinkRunAttachedWaitsWithTheSummary() throws Exception {
        FlinkRestClient rest = cluster.rest();
        int before = jobsNamed(rest, "paths").size();

        long t0 = System.nanoTime();
        Client detached = flinkRun(true, work.resolve("lake-detached"));
        log("flink run -d returned in %d ms: %s", ms(t0), detached.output);
        assertThat(detached.exit).as(detached.output).isZero();
        assertThat(detached.output).contains("submitted (detached)");
        String job = detached.output.replaceAll("(?s).*job ([0-9a-f]{32}) submitted.*", "$1");
        awaitFinished(rest, job);
        assertThat(landedIds(work.resolve("lake-detached"))).isEqualTo(sorted(ids));

        t0 = System.nanoTime();
        Client attached = flinkRun(false, work.resolve("lake-attached"));
        log("flink run (attached) returned in %d ms", ms(t0));
        assertThat(attached.exit).as(attached.output).isZero();
        assertThat(attached.output).contains("accounting balanced").doesNotContain("(detached)");
        assertThat(landedIds(work.resolve("lake-attached"))).isEqualTo(sorted(ids));

        Client again = flinkRun(false, work.resolve("lake-attached"));
        assertThat(again.exit).as(again.output).isEqualTo(1);
        assertThat(again.output).contains("tributary run: the lake file:" + work.resolve("lake-attached") + " already holds output");
        assertThat(jobsNamed(rest, "paths")).hasSize(before + 2);
    }

    /** {@code flink run [-d] JAR run --pipeline P --lake L}, the way bin/flink starts the client. */
    private static Client flinkRun(boolean detach, Path lake) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(StandaloneFlinkCluster.JAVA_17_OPTS);
        cmd.addAll(List.of("-cp", cluster.classpath(), "org.apache.flink.client.cli.CliFrontend", "run"));
        if (detach) {
            cmd.add("-d");
        }
        cmd.addAll(List.of(ClusterTestPaths.jobJar().toString(), "run", "--pipeline", pipeline.toString(), "--lake", lake.toString()));
        Path log = Files.createTempFile(work, "flink-run", ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("FLINK_CONF_DIR", cluster.confDir().toString());
        pb.environment().put("TRIBUTARY_PII_KEY", PII_SECRET);
        Process p = pb.start();
        if (!p.waitFor(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("flink run did not return within " + JOB_TIMEOUT + ":\n" + Files.readString(log));
        }
        return new Client(p.exitValue(), Files.readString(log));
    }

    private static final class Client {
        final int exit;
        final String output;

        Client(int exit, String output) {
            this.exit = exit;
            this.output = output;
        }
    }

    private static void awaitFinished(FlinkRestClient rest, String job) throws InterruptedException {
        Waiting.waitUntil(() -> {
            String state = rest.job(job).path("state").asText();
            if (List.of("FAILED", "CANCELED").contains(state)) {
                throw new AssertionError("job " + job + " " + state + ": " + rest.exceptions(job) + "\n" + cluster.logTail());
            }
            return "FINISHED".equals(state);
        }, JOB_TIMEOUT, "job " + job + " FINISHED");
    }

    private static List<String> jobsNamed(FlinkRestClient rest, String name) {
        List<String> jobs = new ArrayList<>();
        for (JsonNode j : rest.get("/jobs/overview").path("jobs")) {
            if (name.equals(j.path("name").asText())) {
                jobs.add(j.path("jid").asText());
            }
        }
        return jobs;
    }

    private static List<String> landedIds(Path lake) throws Exception {
        PipelineDef def = PipelineLoader.load(Files.readString(pipeline), pipeline.toString(),
                Map.of("TRIBUTARY_PII_KEY", PII_SECRET), SubmissionPathsIT.class.getClassLoader()).def();
        var schema = BronzeSchemas.landed(def.sources().get(0).dataset().schema());
        int id = schema.indexOf("id");
        List<Row> rows = LakeFiles.readAll(new dev.tributary.jobs.lake.LakeLayout(lake.toUri().toString()).bronze("items"), schema);
        return rows.stream().map(r -> String.valueOf(r.getField(id))).sorted().collect(Collectors.toList());
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().collect(Collectors.toList());
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static void log(String format, Object... args) {
        System.out.printf("[submission-paths-it] " + format + "%n", args);
    }
}
