package dev.tributary.demo.datagen;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Shared configs and a strict JSON reader for the generator tests. */
final class GeneratorTestData {
    /** Keeps decimals as written ({@code 38.30} stays scale 2), so the money format can be checked. */
    static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

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
}
