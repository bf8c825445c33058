package dev.tributary.jobs.cli;

import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.jobs.lake.LakeFiles;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.testing.Waiting;
import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.PiiKey;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tributary run --local} of a JSON-lines files pipeline (STREAMING, bounded input) in a child JVM,
 * killed for real (SIGKILL) once its first files are committed, then started again with the same command:
 * it resumes from the killed run's last completed checkpoint (the file source's remaining splits and read
 * positions, dedupe state, counters), finishes, and bronze holds every input line exactly once; the
 * counters across both runs say nothing was read twice ({@code duplicates} 0). A finished run removes its
 * retained checkpoints.
 */
class FileRunResumeITCase {

    private static final int FILES = 40;
    private static final int LINES = 1_000;
    private static final RecordSchema COLUMNS = RecordSchema.of("lines",
            Field.required("line_id", FieldType.STRING), Field.required("ts", FieldType.TIMESTAMP),
            Field.required("n", FieldType.LONG));

    @TempDir Path tmp;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aKilledFilesRunResumesAndReadsEveryLineOnce() throws Exception {
        Path input = Files.createDirectories(tmp.resolve("input"));
        Random random = new Random(99);
        for (int f = 0; f < FILES; f++) {
            StringBuilder sb = new StringBuilder();
            for (int l = 0; l < LINES; l++) {
                int id = f * LINES + l;
                Instant ts = Instant.parse("2026-03-01T00:00:00Z").plusSeconds(id).minusMillis(random.nextInt(900));
                sb.append(String.format("{\"line_id\": \"l-%06d\", \"ts\": \"%s\", \"n\": %d}%n", id, ts, id));
            }
            Files.writeString(input.resolve(String.format("part-%03d.jsonl", f)), sb);
        }
        Path yaml = Files.writeString(tmp.resolve("files-resume.yaml"), String.join("\n",
                "pipeline: {name: files_resume}",
                "runtime: {mode: streaming, checkpoint-interval: 300 ms, parallelism: 1}",
                "lake: {root: " + tmp.resolve("lake").toUri() + "}",
                "sources:",
                "  lines:",
                "    kind: files",
                "    options: {path: '" + input + "'}",
                "    schema: {line_id: STRING NOT NULL, ts: TIMESTAMP NOT NULL, n: LONG NOT NULL}",
                "    event-time: {column: ts, out-of-orderness: 1 s}",
                "    bronze: {dedupe: {key: [line_id], retention: 1 h}}",
                ""));
        LakeLayout lake = new LakeLayout(tmp.resolve("lake").toUri().toString());
        Map<String, String> env = Map.of(PiiKey.ENV_SECRET, "files-resume-test-secret-0123456789");
        int total = FILES * LINES;

        try (CliProcess first = CliProcess.start(tmp, "first", env, "run", "--local", "--pipeline", yaml.toString())) {
            Waiting.waitUntil(() -> {
                first.failIfExited();
                try {
                    return !LakeFiles.committedFiles(lake.bronze("lines")).isEmpty();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, Duration.ofSeconds(180), "the first bronze files committed");
            first.kill();
        }
        int landedBeforeKill = bronzeIds(lake).size();
        assertThat(landedBeforeKill).as("killed mid-run (input big enough)").isBetween(1, total - 1);

        try (CliProcess second = CliProcess.start(tmp, "second", env, "run", "--local", "--pipeline", yaml.toString())) {
            assertThat(second.awaitExit(Duration.ofSeconds(240))).as(second.stderr()).isZero();
            assertThat(second.stderr()).contains("resuming from the last completed checkpoint");
            String summary = second.stdout();
            Matcher row = Pattern.compile("\\n\\s+lines\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)").matcher(summary);
            assertThat(row.find()).as(summary).isTrue();
            assertThat(List.of(row.group(1), row.group(2), row.group(3), row.group(4), row.group(5)))
                    .as("in, landed, quarantined, duplicates, dropped across both runs: %s", summary)
                    .containsExactly(Integer.toString(total), Integer.toString(total), "0", "0", "0");
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            expected.add(String.format("l-%06d", i));
        }
        assertThat(bronzeIds(lake)).as("bronze: every line once (%d landed before the kill)", landedBeforeKill)
                .containsExactlyElementsOf(expected);
        assertThat(new PipelineState(new org.apache.flink.core.fs.Path(lake.root() + "/_tributary/state/files_resume")).latest())
                .as("a finished run keeps no checkpoint to resume from").isEmpty();
    }

    private static List<String> bronzeIds(LakeLayout lake) throws Exception {
        List<String> ids = new ArrayList<>();
        for (Row r : LakeFiles.readAll(lake.bronze("lines"), BronzeSchemas.landed(COLUMNS))) {
            ids.add((String) r.getField(0));
        }
        ids.sort(null);
        return ids;
    }
}
