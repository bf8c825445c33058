package dev.tributary.jobs.bronze;

import dev.tributary.demo.datagen.EventKind;
import dev.tributary.demo.datagen.GeneratedEvent;
import dev.tributary.demo.datagen.GeneratorConfig;
import dev.tributary.demo.datagen.ReferenceDataGenerator;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.testing.ReferenceDatasets;
import dev.tributary.transforms.api.PiiKey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared expectations for bronze ITCases: generated data, the fate each record must meet, and checks. */
final class BronzeTestData {

    static final PiiKey PII_KEY = new PiiKey("t1", "bronze-test-secret-0123456789");
    /**
     * The reference datasets without their sync group: these tests are about landing and exactly-once,
     * and alignment would (rightly) hold payments back while a test feeds orders in phases.
     */
    static final List<DatasetDef> DATASETS = List.of(unsynced(ReferenceDatasets.ORDERS), unsynced(ReferenceDatasets.PAYMENTS));
    private static final ObjectMapper JSON = new ObjectMapper();

    static DatasetDef unsynced(DatasetDef d) {
        return d.withoutSyncGroup();
    }

    final GeneratorConfig config;
    final ReferenceDataGenerator generator;

    BronzeTestData(long orders, long seed) {
        this.config = GeneratorConfig.builder().seed(seed).orders(orders).build();
        this.generator = new ReferenceDataGenerator(config);
    }

    static String keyColumn(String dataset) {
        return dataset.equals("orders") ? "order_id" : "payment_id";
    }

    static String eventTimeColumn(String dataset) {
        return dataset.equals("orders") ? "order_ts" : "payment_ts";
    }

    /** Keys of the records bronze must land exactly once: every well-formed entity (valid or late). */
    Set<String> expectedKeys(String dataset) {
        return generator.events(dataset)
                .filter(e -> e.getKind() == EventKind.VALID || e.getKind() == EventKind.LATE)
                .map(GeneratedEvent::getKey)
                .collect(Collectors.toSet());
    }

    /** All generated events in arrival order, cut into {@code n} consecutive phases. */
    List<List<GeneratedEvent>> phases(int n) {
        List<GeneratedEvent> all = generator.events().collect(Collectors.toList());
        List<List<GeneratedEvent>> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(all.subList(all.size() * i / n, all.size() * (i + 1) / n));
        }
        return out;
    }

    /** Distinct well-formed keys (both datasets) among the events of phases 0..last. */
    long expectedLandedUpTo(List<List<GeneratedEvent>> phases, int last) {
        Set<String> keys = new java.util.HashSet<>();
        for (int i = 0; i <= last; i++) {
            for (GeneratedEvent e : phases.get(i)) {
                if (e.getKind() == EventKind.VALID || e.getKind() == EventKind.LATE || e.getKind() == EventKind.DUPLICATE) {
                    keys.add(e.getDataset() + "/" + e.getKey());
                }
            }
        }
        return keys.size();
    }

    /** Generated payload by key for well-formed records, to compare landed values against. */
    Map<String, JsonNode> payloadsByKey(String dataset) {
        Map<String, JsonNode> m = new HashMap<>();
        generator.events(dataset)
                .filter(e -> e.getKind() == EventKind.VALID || e.getKind() == EventKind.LATE)
                .forEach(e -> m.put(e.getKey(), parse(e.getPayload())));
        return m;
    }

    /** Kind of each distinct payload (for mapping quarantined payloads back to what was injected). */
    Map<String, EventKind> kindByPayload(String dataset) {
        Map<String, EventKind> m = new HashMap<>();
        generator.events(dataset).forEach(e -> m.putIfAbsent(e.getPayload(), e.getKind()));
        return m;
    }

    /**
     * Asserts the landed rows of one dataset hold every expected record exactly once, with the
     * generated values, protected PII and source metadata.
     */
    void assertLandedExactlyOnce(String dataset, List<Map<String, Object>> rows, String expectedSourcePrefix) {
        String key = keyColumn(dataset);
        Map<String, Long> perKey = rows.stream().collect(Collectors.groupingBy(r -> (String) r.get(key), Collectors.counting()));
        assertThat(perKey).as("%s: rows per key", dataset).allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1L));
        assertThat(perKey.keySet()).as("%s: landed keys", dataset).isEqualTo(expectedKeys(dataset));

        Map<String, JsonNode> payloads = payloadsByKey(dataset);
        for (Map<String, Object> row : rows) {
            JsonNode p = payloads.get((String) row.get(key));
            assertThat(row.get(eventTimeColumn(dataset)))
                    .isEqualTo(Instant.parse(p.get(eventTimeColumn(dataset)).asText()));
            assertThat((BigDecimal) row.get("amount")).isEqualByComparingTo(p.get("amount").decimalValue());
            assertThat((String) row.get("_source")).startsWith(expectedSourcePrefix);
            assertThat(row.get("_source_offset")).isNotNull();
            assertThat(row.get("_ingested_at")).isInstanceOf(Instant.class);
            if (dataset.equals("orders")) {
                assertThat(row.get("customer_id")).isEqualTo(p.get("customer_id").asText());
                assertThat(row.get("currency")).isEqualTo(p.get("currency").asText());
                assertThat((String) row.get("email")).isEqualTo(
                        new dev.tributary.transforms.builtin.PiiMasker(
                                ReferenceDatasets.ORDERS.schema(), ReferenceDatasets.ORDERS.pii(), PII_KEY)
                                .token(p.get("email").asText()));
            } else {
                assertThat(row.get("order_id")).isEqualTo(p.get("order_id").asText());
                if (p.hasNonNull("card_number")) {
                    String card = p.get("card_number").asText();
                    assertThat((String) row.get("card_number")).endsWith(card.substring(card.length() - 4)).startsWith("****");
                } else {
                    assertThat(row.get("card_number")).isNull();
                }
            }
        }
    }

    /** Asserts the quarantine holds every malformed record once, each with the reason its kind implies. */
    void assertQuarantine(String dataset, List<Map<String, Object>> rows) {
        long expected = generator.expected().of(dataset).malformed();
        assertThat(rows).as("%s: quarantined rows", dataset).hasSize((int) expected);
        Map<String, Long> byCategory = rows.stream().collect(Collectors.groupingBy(
                r -> ((String) r.get("reason")).substring(0, ((String) r.get("reason")).indexOf(':')), Collectors.counting()));
        assertThat(byCategory.getOrDefault("parse-error", 0L)).isEqualTo(generator.expected().of(dataset).malformedJson());
        assertThat(byCategory.getOrDefault("missing-field", 0L)).isEqualTo(generator.expected().of(dataset).missingField());
        assertThat(byCategory.getOrDefault("wrong-type", 0L)).isEqualTo(generator.expected().of(dataset).wrongType());
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.get("dataset")).isEqualTo(dataset);
            assertThat((String) r.get("raw_payload")).isNotBlank();
            assertThat(r.get("quarantined_at")).isInstanceOf(Instant.class);
        });
    }

    /**
     * Asserts no clear PII value of the generated data appears in any string: equal to one, or (for long
     * strings such as raw payloads, where a value could hide inside) containing one.
     */
    void assertNoClearPii(List<String> strings) {
        List<String> pii = generator.clearPiiValues();
        Set<String> clear = Set.copyOf(pii);
        for (String s : strings) {
            if (clear.contains(s)) {
                throw new AssertionError("clear PII value landed as a column value: " + s);
            }
            if (s.length() < 40) {
                continue;
            }
            for (String v : pii) {
                if (s.contains(v)) {
                    throw new AssertionError("clear PII '" + v + "' found inside lake value: " + s);
                }
            }
        }
    }

    private static JsonNode parse(String payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
