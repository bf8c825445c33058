package dev.tributary.jobs.cli;

import dev.tributary.jobs.bronze.ParquetTestReader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PII key is needed only to hash PII columns (issue 15: the IoT example, which declares none, asked for one):
 * {@code run} without {@code TRIBUTARY_PII_KEY} lands a pipeline without PII, and refuses one whose source declares
 * PII columns with a definition error located at that source's {@code bronze.pii}, before anything starts.
 */
class PiiKeyRequirementTest {

    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String pipeline) {
        return TributaryCli.run(new String[] {"run", "--pipeline", pipeline, "--local"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
    }

    private String pipeline(String bronze) throws Exception {
        Path data = dir.resolve("users.jsonl");
        Files.write(data, List.of("{\"user_id\":\"u-1\",\"email\":\"a@example.com\",\"seen_ts\":\"2026-05-01T10:00:00Z\"}",
                "{\"user_id\":\"u-2\",\"email\":\"b@example.com\",\"seen_ts\":\"2026-05-01T10:00:01Z\"}"), StandardCharsets.UTF_8);
        Path p = dir.resolve("pipeline.yaml");
        Files.writeString(p, String.join("\n", "pipeline: {name: no-pii}", "runtime: {mode: batch}",
                "lake: {root: " + dir.resolve("lake").toUri() + "}", "sources:", "  users:", "    kind: files",
                "    options: {path: " + data + "}",
                "    schema: {user_id: STRING NOT NULL, email: STRING, seen_ts: TIMESTAMP NOT NULL}",
                "    event-time: {column: seen_ts}", "    bronze:", "      dedupe: {key: [user_id]}", bronze, ""));
        return p.toString();
    }

    @Test
    void aPipelineWithoutPiiColumnsRunsWithoutAKey() throws Exception {
        int code = run(pipeline(""));

        assertThat(code).as("%s", err.toString(StandardCharsets.UTF_8)).isEqualTo(TributaryCli.OK);
        List<Map<String, Object>> rows = ParquetTestReader.readDir(dir.resolve("lake/bronze/users"));
        assertThat(rows).extracting(r -> r.get("user_id") + " " + r.get("email"))
                .containsExactlyInAnyOrder("u-1 a@example.com", "u-2 b@example.com");
    }

    @Test
    void aSourceDeclaringPiiWithoutAKeyIsALocatedDefinitionError() throws Exception {
        String pipeline = pipeline("      pii: {email: hash}");

        int code = run(pipeline);

        assertThat(code).isEqualTo(TributaryCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("pipeline.yaml:12:12: sources.users.bronze.pii: found PII"
                + " columns [email] and no PII key; expected a PII key to protect them: the environment variable"
                + " TRIBUTARY_PII_KEY (at least 16 characters)").doesNotContain("\tat ", "the job failed");
        assertThat(dir.resolve("lake")).doesNotExist();
    }
}
