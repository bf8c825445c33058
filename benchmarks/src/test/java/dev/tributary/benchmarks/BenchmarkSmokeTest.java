package dev.tributary.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the harness from rotting: every rung and every reference runs once on tiny data and its counts are
 * validated against the generator's expected counts. Speed is never asserted. Variants run in this JVM
 * (not a fresh one each) to stay well under a minute.
 */
class BenchmarkSmokeTest {

    @TempDir Path tmp;

    @Test
    void everyVariantRunsAndItsCountsValidate() throws Exception {
        Path out = tmp.resolve("results.json");
        ByteArrayOutputStream text = new ByteArrayOutputStream();

        int code = BenchmarkMain.run(BenchmarkMain.options(new String[] {"--smoke", "--in-process", "--size", "1000",
            "--work", tmp.resolve("work").toString(), "--out", out.toString()}), new PrintStream(text, true, StandardCharsets.UTF_8));

        assertThat(code).as(text.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        List<String> ran = new ArrayList<>();
        json.get("summaries").forEach(s -> ran.add(s.get("variant").asText()));
        List<String> planned = new ArrayList<>();
        BenchmarkMain.smokeMatrix().forEach(v -> planned.add(v.toString()));
        assertThat(ran).containsExactlyInAnyOrderElementsOf(planned);
        json.get("runs").forEach(r -> assertThat(r.get("errors")).as(r.get("variant").asText()).isEmpty());
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("Ladder at", "lib/SQL", "lib/Java");
        assertThat(json.get("ratios").fieldNames()).toIterable().contains("L0", "L6");
    }

    @Test
    void unknownOptionsAreRejectedListingTheAllowedOnes() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BenchmarkMain.options(new String[] {"--sise", "10"}))
                .hasMessageContaining("unknown option --sise").hasMessageContaining("size");
        assertThat(Map.of()).isEmpty();
    }
}
