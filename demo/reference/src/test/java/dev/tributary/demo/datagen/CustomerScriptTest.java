package dev.tributary.demo.datagen;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Customers: recognisable unique PII, and a deterministic scripted history for the CDC path. */
class CustomerScriptTest {
    private final GeneratorConfig config = GeneratorConfig.builder().orders(50_000).build();
    private final ReferenceDataGenerator gen = new ReferenceDataGenerator(config);

    @Test
    void piiValuesLookRealAndAreUniquePerCustomer() {
        List<Customer> customers = gen.customers();

        assertThat(customers).hasSize(config.customers());
        assertThat(customers).allSatisfy(c -> {
            assertThat(c.customerId()).matches("C-\\d{8}");
            assertThat(c.email()).matches("[a-z]+\\.[a-z]\\d+@example\\.com");
            assertThat(c.phone()).matches("\\+44 77\\d{2} \\d{6}");
            assertThat(c.cardNumber()).matches("\\d{16}");
            assertThat(CustomerBook.luhnCheckDigit(c.cardNumber().substring(0, 15)))
                    .isEqualTo(c.cardNumber().charAt(15) - '0');
            assertThat(c.segment()).isIn("consumer", "smb", "enterprise");
            assertThat(c.country()).isIn("GB", "DE", "FR", "NL", "US");
        });
        List<Function<Customer, String>> uniquePii = List.of(
                Customer::email, Customer::phone, Customer::shippingAddress, Customer::cardNumber);
        for (Function<Customer, String> pii : uniquePii) {
            Set<String> values = customers.stream().map(pii).collect(Collectors.toSet());
            assertThat(values).hasSize(customers.size());
        }
        assertThat(gen.customer(42).email()).endsWith("42@example.com");
        assertThat(gen.customer(123).phone()).isEqualTo("+44 7700 900123");
    }

    @Test
    void changesAreOrderedWithinTheOrderSpanAndReplayToEachHistory() {
        List<Customer> changes = gen.customerChanges();
        Instant end = config.start().plus(config.orderGap().multipliedBy(config.orders()));

        assertThat(changes).hasSizeBetween(config.customers() / 20, config.customers() / 5);
        assertThat(changes).isSortedAccordingTo(
                Comparator.comparing(Customer::updatedAt).thenComparing(Customer::customerId));
        assertThat(changes).allSatisfy(c -> assertThat(c.updatedAt()).isBetween(config.start(), end));
        Set<String> changed = new HashSet<>();
        for (Customer c : changes) {
            changed.add(c.customerId());
            List<Customer> history = gen.customerHistory(c.customerId());
            assertThat(history).contains(c);
            assertThat(history.get(0)).isEqualTo(gen.customer(c.index()));
        }
        assertThat(changed).allSatisfy(id -> {
            List<Customer> h = gen.customerHistory(id);
            for (int k = 1; k < h.size(); k++) {
                Customer before = h.get(k - 1);
                Customer after = h.get(k);
                assertThat(after.updatedAt()).isAfter(before.updatedAt());
                assertThat(after.segment().equals(before.segment()) && after.country().equals(before.country()))
                        .as("a change changes something").isFalse();
                assertThat(after.email()).isEqualTo(before.email());
            }
        });
    }

    @Test
    void customerAtPicksTheVersionValidAtTheInstant() {
        Customer change = gen.customerChanges().get(0);
        List<Customer> history = gen.customerHistory(change.customerId());
        Instant at = change.updatedAt();

        assertThat(gen.customerAt(change.customerId(), at.minusMillis(1))).isEqualTo(history.get(0));
        assertThat(gen.customerAt(change.customerId(), at)).isEqualTo(change);
        assertThat(gen.customerAt(change.customerId(), config.start().minusSeconds(3600 * 24 * 365)))
                .isEqualTo(history.get(0));
    }

    @Test
    void historyIsDeterministicAndUnknownIdsAreRejected() {
        ReferenceDataGenerator again = new ReferenceDataGenerator(config);

        assertThat(again.customerChanges()).isEqualTo(gen.customerChanges());
        assertThatThrownBy(() -> gen.customerEmail("C-99999999"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("C-99999999");
        assertThatThrownBy(() -> gen.customerEmail("nobody"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
