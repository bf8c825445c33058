package dev.tributary.jobs.cli;

import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.jobs.compose.PipelineLoader;
import dev.tributary.jobs.definition.PipelineDef;
import dev.tributary.jobs.lake.LakeFiles;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.testing.KafkaTestServer;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 item 3: running the same bounded pipeline into the same lake three times landed 20, 40, 60
 * rows for 20 ids, each summary saying "landed 20". Now a fresh start into a lake holding the
 * pipeline's output is refused by default, replaced or appended on request, and a second run while
 * the first one's job is alive is refused whatever the mode.
 */
class ReRunsTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    @RegisterExtension static final KafkaTestServer KAFKA = new KafkaTestServer();

    private static final Map<String, String> ENV = Map.of("TRIBUTARY_PII_KEY", "re-runs-test-secret-0123");

    @TempDir Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int cli(String... args) {
        err.reset();
        return TributaryCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), ENV);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** A bronze-only files pipeline over {@code ids} (random order, seeded), bounded. */
    private Path pipeline(List<String> ids) throws Exception {
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < ids.size(); i++) {
            in.append("{\"id\":\"").append(ids.get(i)).append("\",\"ts\":\"2026-01-01T00:00:").append(String.format("%02d", i % 60))
                    .append("Z\",\"n\":").append(i).append("}\n");
        }
        Path input = Files.writeString(tmp.resolve("in.jsonl"), in.toString());
        Path file = tmp.resolve("rerun.yaml");
        Files.writeString(file, String.join("\n",
                "pipeline: {name: rerun}",
                "runtime: {mode: streaming, checkpoint-interval: 300 ms, parallelism: 2}",
                "lake: {root: '" + tmp.resolve("lake") + "'}",
                "sources:",
                "  items:",
                "    kind: files",
                "    options: {path: '" + input + "'}",
                "    schema: {id: STRING NOT NULL, ts: TIMESTAMP NOT NULL, n: INT}",
                "    event-time: {column: ts}",
                "    bronze: {dedupe: {key: [id]}}",
                ""));
        return file;
    }

    private static java.util.Properties lease(Path file) {
        java.util.Properties p = new java.util.Properties();
        try (java.io.Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (java.io.IOException e) {
            // mid-rewrite: read again on the next poll
        }
        return p;
    }

    private List<String> landedIds(Path file) throws Exception {
        PipelineDef def = PipelineLoader.load(Files.readString(file), file.toString(), ENV, getClass().getClassLoader()).def();
        LakeLayout lake = def.lake().layout();
        List<Row> rows = LakeFiles.readAll(lake.bronze("items"), BronzeSchemas.landed(def.sources().get(0).dataset().schema()));
        int id = BronzeSchemas.landed(def.sources().get(0).dataset().schema()).indexOf("id");
        return rows.stream().map(r -> String.valueOf(r.getField(id))).sorted().collect(Collectors.toList());
    }

    @Test
    void aReRunIsRefusedByDefaultReplacedOrAppendedOnRequest() throws Exception {
        Random random = new Random(13);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20 + random.nextInt(30); i++) {
            ids.add(Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
        }
        List<String> expected = ids.stream().sorted().collect(Collectors.toList());
        Path p = pipeline(ids);

        assertThat(cli("run", "--pipeline", p.toString())).as(err()).isEqualTo(TributaryCli.OK);
        assertThat(landedIds(p)).isEqualTo(expected);

        assertThat(cli("run", "--pipeline", p.toString())).isEqualTo(TributaryCli.JOB_FAILED);
        assertThat(err()).startsWith("tributary run: the lake file:" + tmp.resolve("lake") + " already holds output of pipeline 'rerun'")
                .contains("--mode replace", "--mode append").doesNotContain("\tat ");
        assertThat(landedIds(p)).isEqualTo(expected);

        assertThat(cli("run", "--pipeline", p.toString(), "--mode", "replace")).as(err()).isEqualTo(TributaryCli.OK);
        assertThat(landedIds(p)).isEqualTo(expected);

        assertThat(cli("run", "--pipeline", p.toString(), "--mode", "append")).as(err()).isEqualTo(TributaryCli.OK);
        List<String> twice = new ArrayList<>(expected);
        twice.addAll(expected);
        assertThat(landedIds(p)).containsExactlyInAnyOrderElementsOf(twice);

        assertThat(cli("run", "--pipeline", p.toString(), "--mode", "overwrite")).isEqualTo(TributaryCli.USAGE);
        assertThat(err()).contains("--mode", "append", "replace", "fail-if-exists");
        assertThat(tmp.resolve("lake/_tributary/rerun/writer.lease")).as("every attached run released its lease").doesNotExist();
    }

    /**
     * A detached first run (as REST and {@code flink run -d} are) keeps its lease alive from inside the
     * job; a second run, in any mode, is refused while it runs, and starts once it was cancelled and its
     * lease expired.
     */
    @Test
    void aSecondRunIsRefusedWhileTheFirstJobIsAlive(@InjectClusterClient ClusterClient<?> client) throws Exception {
        // An unbounded job that idles on an empty topic: alive, cheap.
        KAFKA.createTopic("idle", 1);
        Path slow = tmp.resolve("slow.yaml");
        Files.writeString(slow, String.join("\n",
                "pipeline: {name: shop}",
                "runtime: {mode: streaming, checkpoint-interval: 1 s, parallelism: 1}",
                "lake: {root: '" + tmp.resolve("lake") + "'}",
                "sources:",
                "  items:",
                "    kind: kafka",
                "    options: {bootstrap-servers: '" + KAFKA.bootstrapServers() + "', topic: idle, group-id: lease-test}",
                "    schema: {id: STRING NOT NULL, ts: TIMESTAMP NOT NULL}",
                "    event-time: {column: ts}",
                "    bronze: {dedupe: {key: [id]}}",
                ""));

        assertThat(cli("run", "--pipeline", slow.toString(), "--detached")).as(err()).isEqualTo(TributaryCli.OK);
        String job = out.toString(StandardCharsets.UTF_8).replaceAll("(?s).*job ([0-9a-f]{32}) submitted.*", "$1");
        Path lease = tmp.resolve("lake/_tributary/shop/writer.lease");
        long submitted = Long.parseLong(lease(lease).getProperty("heartbeat"));
        // The job, not the (gone) client, keeps the lease alive.
        dev.tributary.testing.Waiting.waitUntil(() -> Long.parseLong(lease(lease).getProperty("heartbeat", "0")) > submitted,
                Duration.ofSeconds(60), "the running job refreshes the lease");
        assertThat(lease(lease).getProperty("job-id")).isEqualTo(job);

        try {
            for (String mode : List.of("fail-if-exists", "replace", "append")) {
                assertThat(cli("run", "--pipeline", slow.toString(), "--mode", mode)).isEqualTo(TributaryCli.JOB_FAILED);
                assertThat(err()).startsWith("tributary run: pipeline 'shop' is already writing to the lake")
                        .contains("job " + job, "stop or cancel that job first");
            }
            List<JobStatusMessage> jobs = new ArrayList<>(client.listJobs().get());
            assertThat(jobs).filteredOn(j -> j.getJobState() == JobStatus.RUNNING).hasSize(1);
        } finally {
            client.cancel(org.apache.flink.api.common.JobID.fromHexString(job)).get();
        }
    }
}
