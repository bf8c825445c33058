package dev.tributary.demo.datagen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.tributary.demo.datagen.GeneratorTestData.noisy;
import static dev.tributary.demo.datagen.ReferenceSchemas.ORDERS;
import static dev.tributary.demo.datagen.ReferenceSchemas.PAYMENTS;
import static org.assertj.core.api.Assertions.assertThat;

/** The backfill files hold exactly the generated payloads, in slot order. */
class JsonLinesWriterTest {
    private final GeneratorConfig config = noisy(2_000);
    private final ReferenceDataGenerator gen = new ReferenceDataGenerator(config);

    @Test
    void writesOneFilePerDatasetWithOnePayloadPerLine(@TempDir Path dir) throws Exception {
        Map<String, List<Path>> files = JsonLinesWriter.write(dir.resolve("in"), config);

        assertThat(files.get(ORDERS)).containsExactly(dir.resolve("in/orders.jsonl"));
        assertThat(files.get(PAYMENTS)).containsExactly(dir.resolve("in/payments.jsonl"));
        for (String ds : List.of(ORDERS, PAYMENTS)) {
            assertThat(Files.readAllLines(files.get(ds).get(0), StandardCharsets.UTF_8))
                    .isEqualTo(payloads(ds));
        }
        assertThat(Files.readString(files.get(ORDERS).get(0))).endsWith("\n");
    }

    @Test
    void splitFilesConcatenateToTheSingleFileContent(@TempDir Path dir) throws Exception {
        Map<String, List<Path>> files = JsonLinesWriter.write(dir, config, 3);

        for (String ds : List.of(ORDERS, PAYMENTS)) {
            assertThat(files.get(ds)).hasSize(3)
                    .allSatisfy(p -> assertThat(p.getFileName().toString()).matches(ds + "-0000[0-2]\\.jsonl"));
            List<String> lines = new ArrayList<>();
            for (Path p : files.get(ds)) {
                List<String> part = Files.readAllLines(p, StandardCharsets.UTF_8);
                assertThat(part).isNotEmpty();
                lines.addAll(part);
            }
            assertThat(lines).isEqualTo(payloads(ds));
        }
    }

    private List<String> payloads(String dataset) {
        return gen.events(dataset).map(GeneratedEvent::getPayload).collect(Collectors.toList());
    }
}
