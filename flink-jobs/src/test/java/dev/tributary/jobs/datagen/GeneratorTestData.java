package dev.tributary.jobs.datagen;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/** Shared configs and a strict JSON reader for the generator tests. */
final class GeneratorTestData {
    static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private GeneratorTestData() {}

    /** Rates high enough that every kind shows up often in a few thousand events. */
    static GeneratorConfig noisy(long orders) {
        return GeneratorConfig.builder()
                .seed(7)
                .orders(orders)
                .duplicateRate(0.03)
                .lateRate(0.03)
                .malformedJsonRate(0.02)
                .missingFieldRate(0.02)
                .wrongTypeRate(0.02)
                .build();
    }

    static JsonNode parse(String payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean parses(String payload) {
        try {
            JSON.readTree(payload);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static long millis(Duration d) {
        return d.toMillis();
    }
}
