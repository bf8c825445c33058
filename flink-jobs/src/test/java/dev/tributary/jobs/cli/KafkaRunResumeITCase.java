package dev.tributary.jobs.cli;

import dev.tributary.jobs.lake.LakeFiles;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.testing.KafkaTestServer;
import dev.tributary.testing.Waiting;
import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.PiiKey;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
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
 * {@code tributary run --local} of a Kafka pipeline in a child JVM, killed for real (SIGKILL) while records
 * are in flight, then started again with the same command: it resumes from the killed run's last
 * completed checkpoint (offsets, dedupe state and counters together), so bronze holds every produced
 * record exactly once, and the resumed run's counters say nothing was read twice ({@code duplicates} 0:
 * records re-read after the checkpoint are not in the restored dedupe state, so a re-read would land
 * twice or count as a duplicate). Records are produced in seeded random batches across two partitions.
 */
class KafkaRunResumeITCase {

    @RegisterExtension static final KafkaTestServer KAFKA = new KafkaTestServer();

    private static final RecordSchema LANDED_COLUMNS = RecordSchema.of("events",
            Field.required("event_id", FieldType.STRING), Field.required("ts", FieldType.TIMESTAMP),
            Field.required("n", FieldType.LONG));

    @TempDir Path tmp;

    private final Random random = new Random(4711);
    private int produced;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aKilledKafkaRunResumesWithNothingTwiceAndNothingLost() throws Exception {
        KAFKA.createTopic("resume_events", 2);
        Path yaml = Files.writeString(tmp.resolve("kafka-resume.yaml"), String.join("\n",
                "pipeline: {name: kafka_resume}",
                "runtime: {mode: streaming, checkpoint-interval: 300 ms, parallelism: 2}",
                "lake: {root: " + tmp.resolve("lake").toUri() + "}",
                "sources:",
                "  events:",
                "    kind: kafka",
                "    options: {bootstrap-servers: '" + KAFKA.bootstrapServers() + "', topic: resume_events, group-id: resume}",
                "    schema: {event_id: STRING NOT NULL, ts: TIMESTAMP NOT NULL, n: LONG NOT NULL}",
                "    event-time: {column: ts, out-of-orderness: 1 s, idle-timeout: 1 s}",
                "    bronze: {dedupe: {key: [event_id], retention: 1 h}}",
                ""));
        LakeLayout lake = new LakeLayout(tmp.resolve("lake").toUri().toString());
        Map<String, String> env = Map.of(PiiKey.ENV_SECRET, "kafka-resume-test-secret-0123456789");

        try (CliProcess first = CliProcess.start(tmp, "first", env, "run", "--local", "--pipeline", yaml.toString())) {
            produce(150);
            awaitBronze(lake, 150, first);
            produce(150);
            awaitBronze(lake, 200, first);
            produce(300); // some read, not yet checkpointed, when the process dies
            first.kill();
        }
        produce(120); // produced while nothing runs

        try (CliProcess second = CliProcess.start(tmp, "second", env, "run", "--local", "--pipeline", yaml.toString())) {
            produce(80);
            awaitBronze(lake, produced, second);
            assertThat(second.stderr()).contains("resuming from the last completed checkpoint");
            assertThat(bronzeIds(lake)).as("bronze: every produced record once").containsExactlyElementsOf(expectedIds());

            second.terminate();
            assertThat(second.awaitExit(Duration.ofSeconds(60))).as(second.stderr()).isZero();
            String summary = second.stdout();
            Matcher row = Pattern.compile("\\n\\s+events\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)").matcher(summary);
            assertThat(row.find()).as(summary).isTrue();
            assertThat(List.of(row.group(1), row.group(2), row.group(3), row.group(4), row.group(5)))
                    .as("in, landed, quarantined, duplicates, dropped across both runs: %s", summary)
                    .containsExactly(Integer.toString(produced), Integer.toString(produced), "0", "0", "0");
        }
        assertThat(bronzeIds(lake)).containsExactlyElementsOf(expectedIds());
    }

    /** {@code n} records in random order over both partitions; event times jitter within the out-of-orderness. */
    private void produce(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            int id = produced++;
            Instant ts = Instant.parse("2026-03-01T00:00:00Z").plusSeconds(id).minusMillis(random.nextInt(900));
            KAFKA.produce("resume_events", null, String.format("{\"event_id\": \"e-%05d\", \"ts\": \"%s\", \"n\": %d}",
                    id, ts, id), random.nextInt(2));
        }
    }

    private List<String> expectedIds() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < produced; i++) {
            ids.add(String.format("e-%05d", i));
        }
        return ids;
    }

    private static List<String> bronzeIds(LakeLayout lake) throws Exception {
        List<String> ids = new ArrayList<>();
        for (Row r : LakeFiles.readAll(lake.bronze("events"), dev.tributary.jobs.bronze.BronzeSchemas.landed(LANDED_COLUMNS))) {
            ids.add((String) r.getField(0));
        }
        ids.sort(null);
        return ids;
    }

    private static void awaitBronze(LakeLayout lake, int n, CliProcess cli) throws Exception {
        try {
            Waiting.waitUntil(() -> {
                cli.failIfExited();
                try {
                    return bronzeIds(lake).size() >= n;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, Duration.ofSeconds(180), n + " bronze rows");
        } catch (AssertionError e) {
            String err = cli.stderr();
            throw new AssertionError(e.getMessage() + "; the run's stderr:\n" + err.substring(Math.max(0, err.length() - 4000)), e);
        }
    }
}
