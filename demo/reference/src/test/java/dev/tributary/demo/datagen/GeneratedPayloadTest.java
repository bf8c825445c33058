package dev.tributary.demo.datagen;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static dev.tributary.demo.datagen.GeneratorTestData.noisy;
import static dev.tributary.demo.datagen.GeneratorTestData.parse;
import static dev.tributary.demo.datagen.GeneratorTestData.parses;
import static dev.tributary.demo.datagen.ReferenceSchemas.ORDERS;
import static dev.tributary.demo.datagen.ReferenceSchemas.ORDERS_SCHEMA;
import static dev.tributary.demo.datagen.ReferenceSchemas.PAYMENTS;
import static dev.tributary.demo.datagen.ReferenceSchemas.PAYMENTS_SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;

/** Payloads checked with Jackson against the reference schemas: valid ones conform, bad ones fail. */
class GeneratedPayloadTest {
    private static final String ISO_MILLIS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    private final ReferenceDataGenerator gen = new ReferenceDataGenerator(noisy(10_000));

    @Test
    void wellFormedPayloadsHaveExactlyTheSchemaColumnsWithTheirTypes() {
        for (RecordSchema schema : List.of(ORDERS_SCHEMA, PAYMENTS_SCHEMA)) {
            List<GeneratedEvent> wellFormed = gen.events(schema.name())
                    .filter(e -> !e.getKind().isMalformed()).collect(Collectors.toList());

            assertThat(wellFormed).isNotEmpty().allSatisfy(e -> {
                assertThat(e.getPayload()).doesNotContain("\\n").doesNotContain("\n");
                JsonNode node = parse(e.getPayload());
                assertThat(fieldNames(node)).containsExactlyElementsOf(schema.fieldNames());
                for (Field f : schema.fields()) {
                    assertThat(conforms(node.get(f.name()), f)).as(f + " in " + e).isTrue();
                }
                String tsColumn = schema.name().equals(ORDERS) ? "order_ts" : "payment_ts";
                assertThat(Instant.parse(node.get(tsColumn).asText())).isEqualTo(e.getEventTime());
                String keyColumn = schema.name().equals(ORDERS) ? "order_id" : "payment_id";
                assertThat(node.get(keyColumn).asText()).isEqualTo(e.getKey());
            });
        }
    }

    @Test
    void malformedJsonPayloadsDoNotParse() {
        List<GeneratedEvent> bad = ofKind(EventKind.MALFORMED_JSON);

        assertThat(bad).isNotEmpty().allSatisfy(e -> {
            assertThat(parses(e.getPayload())).as(e.getPayload()).isFalse();
            assertThat(e.getEventTime()).isNull();
            assertThat(e.getPayload()).isNotEmpty();
        });
    }

    @Test
    void missingFieldPayloadsLackExactlyOneRequiredColumn() {
        List<GeneratedEvent> bad = ofKind(EventKind.MISSING_FIELD);

        assertThat(bad).isNotEmpty().allSatisfy(e -> {
            RecordSchema schema = schemaOf(e);
            JsonNode node = parse(e.getPayload());
            List<String> missing = new ArrayList<>(schema.fieldNames());
            missing.removeAll(fieldNames(node));
            assertThat(missing).hasSize(1);
            assertThat(schema.field(missing.get(0)).isRequired()).isTrue();
        });
        assertThat(bad).anySatisfy(e -> assertThat(e.getKey()).isNull());
    }

    @Test
    void wrongTypePayloadsHaveExactlyOneNonConformingColumn() {
        List<GeneratedEvent> bad = ofKind(EventKind.WRONG_TYPE);

        assertThat(bad).isNotEmpty().allSatisfy(e -> {
            RecordSchema schema = schemaOf(e);
            JsonNode node = parse(e.getPayload());
            assertThat(fieldNames(node)).containsExactlyElementsOf(schema.fieldNames());
            long wrong = schema.fields().stream().filter(f -> !conforms(node.get(f.name()), f)).count();
            assertThat(wrong).as(e.getPayload()).isEqualTo(1);
        });
        assertThat(bad).anySatisfy(e -> assertThat(e.getPayload()).contains("\"amount\":\"abc\""));
        assertThat(bad).anySatisfy(e -> assertThat(e.getPayload()).containsPattern("_ts\":true"));
    }

    @Test
    void ordersCarryTheCustomersClearPii() {
        GeneratedEvent order = gen.events(ORDERS).filter(e -> e.getKind() == EventKind.VALID)
                .findFirst().orElseThrow();
        JsonNode node = parse(order.getPayload());
        String customerId = node.get("customer_id").asText();

        assertThat(node.get("email").asText()).isEqualTo(gen.customerEmail(customerId));
        assertThat(node.get("phone").asText()).isEqualTo(gen.customerPhone(customerId));
        assertThat(node.get("shipping_address").asText()).isEqualTo(gen.customerAddress(customerId));
        assertThat(gen.clearPiiValues()).contains(gen.customerCardNumber(customerId), gen.customerName(customerId));
    }

    private List<GeneratedEvent> ofKind(EventKind kind) {
        return gen.events().filter(e -> e.getKind() == kind).collect(Collectors.toList());
    }

    private static RecordSchema schemaOf(GeneratedEvent e) {
        return e.getDataset().equals(PAYMENTS) ? PAYMENTS_SCHEMA : ORDERS_SCHEMA;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Strict conformance: what a schema-checking parser accepts without coercion. */
    private static boolean conforms(JsonNode v, Field f) {
        if (v == null || v.isNull()) {
            return !f.isRequired();
        }
        if (f.type() == FieldType.DECIMAL) {
            return v.isNumber() && v.decimalValue().scale() == f.scale();
        }
        if (f.type() == FieldType.TIMESTAMP) {
            return v.isTextual() && v.asText().matches(ISO_MILLIS);
        }
        return v.isTextual();
    }
}
