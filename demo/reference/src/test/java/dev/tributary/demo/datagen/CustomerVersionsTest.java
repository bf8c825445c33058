package dev.tributary.demo.datagen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code customers} dataset of the generator: every customer version as a change stream. */
class CustomerVersionsTest {

    @Test
    void servesEveryVersionInUpdateOrderAsCustomersRows() throws Exception {
        ReferenceDataGenerator g = new ReferenceDataGenerator(GeneratorConfig.builder().orders(2_000).customers(200).build());
        List<Customer> versions = g.customerVersions();

        assertThat(g.count("customers")).isEqualTo(versions.size()).isEqualTo(200 + g.customerChanges().size());
        assertThat(versions).isSortedAccordingTo(java.util.Comparator.comparing(Customer::updatedAt));
        ObjectMapper json = new ObjectMapper();
        for (long slot = 0; slot < g.count("customers"); slot++) {
            GeneratedEvent e = g.event("customers", slot);
            Customer c = versions.get((int) slot);
            JsonNode p = json.readTree(e.getPayload());
            assertThat(e.getKind()).isEqualTo(EventKind.VALID);
            assertThat(e.getKey()).isEqualTo(c.customerId()).isEqualTo(p.get("customer_id").asText());
            assertThat(Instant.parse(p.get("updated_at").asText())).isEqualTo(c.updatedAt()).isEqualTo(e.getEventTime());
            assertThat(p.get("segment").asText()).isEqualTo(c.segment());
            assertThat(p.get("email").asText()).isEqualTo(c.email());
        }
        String last = versions.get(versions.size() - 1).customerId();
        assertThat(g.customerAt(last, Instant.MAX).segment())
                .isEqualTo(versions.get(versions.size() - 1).segment());
    }
}
