package dev.tributary.demo.datagen;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.tributary.demo.datagen.GeneratorTestData.noisy;
import static dev.tributary.demo.datagen.GeneratorTestData.parse;
import static dev.tributary.demo.datagen.ReferenceSchemas.ORDERS;
import static dev.tributary.demo.datagen.ReferenceSchemas.PAYMENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Determinism, exact accounting, rates, disorder bounds and order/payment consistency. */
class ReferenceDataGeneratorTest {

    @Test
    void sameSeedGivesIdenticalEventsInAnyAccessOrder() {
        GeneratorConfig config = noisy(5_000);
        ReferenceDataGenerator a = new ReferenceDataGenerator(config);
        ReferenceDataGenerator b = new ReferenceDataGenerator(config.toBuilder().build());

        for (String ds : List.of(ORDERS, PAYMENTS)) {
            List<GeneratedEvent> forward = a.events(ds).collect(Collectors.toList());
            List<GeneratedEvent> backward = new ArrayList<>();
            for (long i = b.count(ds) - 1; i >= 0; i--) {
                backward.add(0, b.event(ds, i));
            }
            assertThat(backward).isEqualTo(forward);
        }
    }

    @Test
    void differentSeedsGiveDifferentPayloads() {
        GeneratorConfig config = noisy(1_000);
        ReferenceDataGenerator a = new ReferenceDataGenerator(config);
        ReferenceDataGenerator b = new ReferenceDataGenerator(config.toBuilder().seed(8).build());

        long samePayloads = a.events(ORDERS)
                .filter(e -> e.getPayload().equals(b.order(e.getSlot()).getPayload()))
                .count();
        assertThat(samePayloads).isZero();
        assertThat(a.customer(0)).isNotEqualTo(b.customer(0));
    }

    @Test
    void expectedCountsAreExactForTheEmittedStream() {
        ReferenceDataGenerator gen = new ReferenceDataGenerator(noisy(30_000));

        Map<String, Map<EventKind, Long>> seen = new HashMap<>();
        Map<String, Map<String, String>> validPayloadByKey = new HashMap<>();
        gen.events().forEach(e -> {
            seen.computeIfAbsent(e.getDataset(), d -> new EnumMap<>(EventKind.class))
                    .merge(e.getKind(), 1L, Long::sum);
            Map<String, String> valid =
                    validPayloadByKey.computeIfAbsent(e.getDataset(), d -> new HashMap<>());
            if (e.getKind() == EventKind.VALID) {
                assertThat(valid.put(e.getKey(), e.getPayload())).as("VALID keys are distinct").isNull();
            } else if (e.getKind() == EventKind.DUPLICATE) {
                assertThat(valid.get(e.getKey())).as("a duplicate repeats an earlier VALID payload")
                        .isEqualTo(e.getPayload());
            }
        });

        ExpectedCounts expected = gen.expected();
        for (String ds : List.of(ORDERS, PAYMENTS)) {
            ExpectedCounts.Counts c = expected.of(ds);
            for (EventKind k : EventKind.values()) {
                assertThat(seen.get(ds).getOrDefault(k, 0L)).as(ds + " " + k).isEqualTo(c.count(k));
            }
            assertThat(c.emitted()).isEqualTo(gen.count(ds));
            assertThat(validPayloadByKey.get(ds)).hasSize((int) c.valid());
            assertThat(c.duplicates()).isPositive();
            assertThat(c.late()).isPositive();
            assertThat(c.malformed()).isPositive();
        }
    }

    @Test
    void ratesHoldWithinTenPercentOn100kEvents() {
        GeneratorConfig config = noisy(100_000);
        ReferenceDataGenerator gen = new ReferenceDataGenerator(config);

        ExpectedCounts expected = gen.expected();

        for (String ds : List.of(ORDERS, PAYMENTS)) {
            ExpectedCounts.Counts c = expected.of(ds);
            double n = c.emitted();
            assertThat(n).isGreaterThan(80_000);
            assertThat(c.duplicates() / n).isCloseTo(config.duplicateRate(), within(0.1 * config.duplicateRate()));
            assertThat(c.late() / n).isCloseTo(config.lateRate(), within(0.1 * config.lateRate()));
            assertThat(c.malformedJson() / n)
                    .isCloseTo(config.malformedJsonRate(), within(0.1 * config.malformedJsonRate()));
            assertThat(c.missingField() / n)
                    .isCloseTo(config.missingFieldRate(), within(0.1 * config.missingFieldRate()));
            assertThat(c.wrongType() / n).isCloseTo(config.wrongTypeRate(), within(0.1 * config.wrongTypeRate()));
        }
        Set<Long> paidOrders = new HashSet<>();
        for (long j = 0; j < gen.count(PAYMENTS); j++) {
            paidOrders.add(gen.orderSlotOfPayment(j));
        }
        double paidShare = paidOrders.size() / (double) config.orders();
        assertThat(paidShare).isCloseTo(config.paymentRate(), within(0.1 * config.paymentRate()));
        double retryShare = (gen.count(PAYMENTS) - paidOrders.size()) / (double) paidOrders.size();
        assertThat(retryShare).isCloseTo(config.retryRate(), within(0.1 * config.retryRate()));
    }

    @Test
    void onTimeEventsStayWithinTheBoundAndLateOnesAreBeyondTheLateness() {
        GeneratorConfig config = noisy(50_000);
        ReferenceDataGenerator gen = new ReferenceDataGenerator(config);
        long bound = config.maxOutOfOrderness().toMillis();
        long lateness = config.lateness().toMillis();

        for (String ds : List.of(ORDERS, PAYMENTS)) {
            long runningMax = Long.MIN_VALUE;
            long worstOnTime = 0;
            long leastLate = Long.MAX_VALUE;
            long lateChecked = 0;
            for (long i = 0; i < gen.count(ds); i++) {
                GeneratedEvent e = gen.event(ds, i);
                if (runningMax == Long.MIN_VALUE) {
                    runningMax = e.getEventTime() == null ? runningMax : e.getEventTime().toEpochMilli();
                    assertThat(e.getKind()).isNotEqualTo(EventKind.LATE);
                } else if (e.getKind() == EventKind.LATE) {
                    leastLate = Math.min(leastLate, runningMax - e.getEventTime().toEpochMilli());
                    lateChecked++;
                } else if (e.getKind() == EventKind.VALID || e.getKind() == EventKind.DUPLICATE) {
                    long t = e.getEventTime().toEpochMilli();
                    worstOnTime = Math.max(worstOnTime, runningMax - t);
                    runningMax = Math.max(runningMax, t);
                }
            }
            assertThat(worstOnTime).as(ds + " max regression of on-time events").isLessThan(bound);
            assertThat(worstOnTime).as(ds + " arrival is really shuffled").isGreaterThan(bound / 2);
            assertThat(lateChecked).isPositive();
            assertThat(leastLate).as(ds + " least lateness of LATE events").isGreaterThan(lateness);
        }
    }

    @Test
    void paymentsReferenceValidOrdersWithTheSameAmountInsideTheWindow() {
        GeneratorConfig config = GeneratorConfig.builder().orders(20_000).build(); // default rates
        ReferenceDataGenerator gen = new ReferenceDataGenerator(config);
        Map<String, JsonNode> validOrders = new HashMap<>();
        gen.events(ORDERS).filter(e -> e.getKind() == EventKind.VALID)
                .forEach(e -> validOrders.put(e.getKey(), parse(e.getPayload())));

        Map<String, List<String>> statusesByOrder = new HashMap<>();
        gen.events(PAYMENTS).filter(e -> e.getKind() == EventKind.VALID).forEach(e -> {
            JsonNode p = parse(e.getPayload());
            JsonNode o = validOrders.get(p.get("order_id").asText());
            assertThat(o).as("order of " + e).isNotNull();
            assertThat(p.get("amount").decimalValue()).isEqualByComparingTo(o.get("amount").decimalValue());
            long delay = Instant.parse(p.get("payment_ts").asText()).toEpochMilli()
                    - Instant.parse(o.get("order_ts").asText()).toEpochMilli();
            assertThat(delay).isPositive().isLessThan(config.paymentWindow().toMillis());
            statusesByOrder.computeIfAbsent(p.get("order_id").asText(), k -> new ArrayList<>())
                    .add(p.get("status").asText());
        });

        // The captured twin of a failed attempt may itself be a non-VALID payment event.
        assertThat(statusesByOrder.values())
                .allSatisfy(s -> assertThat(s).isIn(
                        List.of("captured"), List.of("failed", "captured"), List.of("failed")))
                .anySatisfy(s -> assertThat(s).containsExactly("failed", "captured"));
        assertThat(validOrders.values().stream().map(o -> o.get("amount").decimalValue()))
                .allSatisfy(a -> assertThat(a).isBetween(new BigDecimal("5.00"), new BigDecimal("500.00")));
    }

    @Test
    void atHighDefectRatesFewPaymentsReferenceNonValidOrders() {
        ReferenceDataGenerator gen = new ReferenceDataGenerator(noisy(20_000));

        Map<EventKind, Long> orderKinds = new EnumMap<>(EventKind.class);
        for (long j = 0; j < gen.count(PAYMENTS); j++) {
            orderKinds.merge(gen.kind(ORDERS, gen.orderSlotOfPayment(j)), 1L, Long::sum);
        }

        long orphans = gen.count(PAYMENTS) - orderKinds.get(EventKind.VALID);
        assertThat(orphans).isLessThan(gen.count(PAYMENTS) / 100);
        assertThat(orderKinds).doesNotContainKey(EventKind.DUPLICATE);
    }

    @Test
    void zeroRatesGiveOnlyValidEvents() {
        ReferenceDataGenerator gen =
                new ReferenceDataGenerator(GeneratorConfig.builder().orders(5_000).clean().build());

        ExpectedCounts expected = gen.expected();

        assertThat(expected.orders().valid()).isEqualTo(5_000);
        assertThat(expected.payments().valid()).isEqualTo(expected.payments().emitted()).isPositive();
        assertThat(gen.events().map(GeneratedEvent::getKind)).containsOnly(EventKind.VALID);
    }

    @Test
    void mergedStreamHoldsBothDatasetsEachInSlotOrder() {
        ReferenceDataGenerator gen = new ReferenceDataGenerator(noisy(3_000));

        List<GeneratedEvent> all = gen.events().collect(Collectors.toList());

        assertThat(all).hasSize((int) (gen.count(ORDERS) + gen.count(PAYMENTS)));
        for (String ds : List.of(ORDERS, PAYMENTS)) {
            assertThat(all.stream().filter(e -> e.getDataset().equals(ds)).map(GeneratedEvent::getSlot))
                    .isSorted().hasSize((int) gen.count(ds));
        }
        assertThat(all.get(0).getDataset()).isEqualTo(ORDERS);
    }
}
