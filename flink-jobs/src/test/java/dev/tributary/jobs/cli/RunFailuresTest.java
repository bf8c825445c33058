package dev.tributary.jobs.cli;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 item 4: failures that repeat on every restart (a missing input, an unwritable lake, an
 * unreachable server) used to restart the job forever with a stack trace per attempt. Now they end
 * with one located line per problem on stderr and exit 1: caught before start where they can be, and
 * by the bounded local restart strategy where they cannot.
 */
class RunFailuresTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int cli(String... args) {
        return TributaryCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("TRIBUTARY_PII_KEY", "run-failures-test-secret"));
    }

    private String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private List<String> errLines() {
        return Arrays.asList(err.toString(StandardCharsets.UTF_8).split("\\R"));
    }

    /** A bronze-only pipeline over one files source (JSON lines). */
    private Path pipeline(String sourceKind, String options, String lake) throws Exception {
        Path file = tmp.resolve("p-" + sourceKind + ".yaml");
        Files.writeString(file, String.join("\n",
                "pipeline: {name: preflight}",
                "runtime: {mode: streaming, checkpoint-interval: 500 ms, parallelism: 1}",
                "lake: {root: '" + lake + "'}",
                "sources:",
                "  items:",
                "    kind: " + sourceKind,
                "    options: " + options,
                "    schema: {id: STRING NOT NULL, ts: TIMESTAMP NOT NULL, n: INT}",
                "    event-time: {column: ts}",
                "    bronze: {dedupe: {key: " + (sourceKind.equals("postgres-cdc") ? "[id, _lsn, _op]" : "[id]") + "}}",
                ""));
        return file;
    }

    private Path input() throws Exception {
        Path in = tmp.resolve("in.jsonl");
        Files.writeString(in, "{\"id\":\"a\",\"ts\":\"2026-01-01T00:00:00Z\",\"n\":1}\n"
                + "{\"id\":\"b\",\"ts\":\"2026-01-01T00:00:01Z\",\"n\":2}\n");
        return in;
    }

    @Test
    void aMissingFilesPathFailsValidateAndRunWithTheKey() throws Exception {
        Path missing = tmp.resolve("no/such/input.jsonl");
        Path p = pipeline("files", "{path: '" + missing + "'}", tmp.resolve("lake").toString());

        assertThat(cli("validate", "--pipeline", p.toString())).as("stderr: %s", errText()).isEqualTo(TributaryCli.JOB_FAILED);
        assertThat(cli("run", "--pipeline", p.toString())).as("stderr: %s", errText()).isEqualTo(TributaryCli.JOB_FAILED);

        String expected = "tributary %s: " + p + ": sources.items.options.path: '" + missing + "' does not exist";
        assertThat(errLines()).hasSize(2).satisfies(lines -> {
            assertThat(lines.get(0)).startsWith(String.format(expected, "validate"));
            assertThat(lines.get(1)).startsWith(String.format(expected, "run"));
        });
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("submitted");
        assertThat(cli("validate", "--pipeline", p.toString(), "--definition-only")).as("stderr: %s", errText()).isEqualTo(TributaryCli.OK);
    }

    @Test
    void anUnwritableLakeFailsBeforeStart() throws Exception {
        Path notAFolder = Files.writeString(tmp.resolve("a-file"), "x");
        Path p = pipeline("files", "{path: '" + input() + "'}", tmp.resolve("lake").toString());

        int code = cli("run", "--pipeline", p.toString(), "--lake", notAFolder.resolve("lake").toString());

        assertThat(code).as("stderr: %s", errText()).isEqualTo(TributaryCli.JOB_FAILED);
        assertThat(errLines()).singleElement().asString()
                .startsWith("tributary run: " + p + ": --lake: the lake root 'file:" + notAFolder.resolve("lake") + "' is not writable (");
    }

    @Test
    void unreachableKafkaAndPostgresFailBeforeStart() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Path kafka = pipeline("kafka", "{bootstrap-servers: '127.0.0.1:" + closedPort + "', topic: t, group-id: g}",
                tmp.resolve("lake").toString());
        Path pg = pipeline("postgres-cdc", "{hostname: 127.0.0.1, port: " + closedPort
                + ", database: d, tables: public.t, slot-name: s, publication-name: p, username: u, password: x}",
                tmp.resolve("lake").toString());

        assertThat(cli("run", "--pipeline", kafka.toString())).as("stderr: %s", errText()).isEqualTo(TributaryCli.JOB_FAILED);
        assertThat(cli("run", "--pipeline", pg.toString())).as("stderr: %s", errText()).isEqualTo(TributaryCli.JOB_FAILED);

        assertThat(errLines()).hasSize(2);
        assertThat(errLines().get(0)).contains("sources.items.options.bootstrap-servers: no Kafka broker reachable at '127.0.0.1:"
                + closedPort + "' (ConnectException");
        assertThat(errLines().get(1)).contains("sources.items.options.hostname: PostgreSQL not reachable at '127.0.0.1:" + closedPort);
    }

    /** The lake root is writable, but where bronze lands is a file: only the sink finds out, on every attempt. */
    @Test
    void aRepeatableFailureInsideTheJobEndsAfterBoundedRestarts() throws Exception {
        Path lake = Files.createDirectories(tmp.resolve("lake"));
        Files.writeString(lake.resolve("bronze"), "not a folder");
        Path p = pipeline("files", "{path: '" + input() + "'}", lake.toString());

        // Bounded: the CLI returns by itself (with the default strategy this never returned).
        int code = CompletableFuture.supplyAsync(() -> cli("run", "--pipeline", p.toString())).get(3, TimeUnit.MINUTES);

        assertThat(code).as("stderr: %s", errText()).isEqualTo(TributaryCli.JOB_FAILED);
        assertThat(errLines()).singleElement().asString().startsWith("tributary run: the job failed: ")
                .contains("bronze");
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("\tat ");
    }
}
