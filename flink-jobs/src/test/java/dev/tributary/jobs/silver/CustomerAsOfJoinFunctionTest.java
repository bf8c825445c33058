package dev.tributary.jobs.silver;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.tributary.jobs.silver.SilverTestRows.customer;
import static org.assertj.core.api.Assertions.assertThat;

class CustomerAsOfJoinFunctionTest {

    static final Instant V1 = Instant.parse("2026-01-05T08:00:00Z");
    static final Instant V2 = Instant.parse("2026-01-05T12:00:00Z");
    static final long LATENESS = 60_000;
    static final long ORDER_DELAY = 1_800_000;

    static KeyedTwoInputStreamOperatorTestHarness<String, Row, Row, Row> harness() throws Exception {
        return harness(null);
    }

    static KeyedTwoInputStreamOperatorTestHarness<String, Row, Row, Row> harness(OperatorSubtaskState state) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<String, Row, Row, Row>(
                new KeyedCoProcessOperator<>(new CustomerAsOfJoinFunction("customers", 5, 3, 4, -1, LATENESS, ORDER_DELAY)),
                r -> (String) r.getField(1), r -> (String) r.getField(0), Types.STRING);
        h.setup(SilverSchemas.ORDERS_ENRICHED_SCHEMA.rowTypeInfo().createSerializer(new SerializerConfigImpl()));
        if (state != null) {
            h.initializeState(state);
        }
        h.open();
        return h;
    }

    static Row enriched(String orderId, String customerId, Instant ts) {
        Row r = SilverSchemas.ORDERS_ENRICHED_SCHEMA.newRow();
        r.setField(0, orderId);
        r.setField(1, customerId);
        r.setField(2, ts);
        return r;
    }

    static void watermark(KeyedTwoInputStreamOperatorTestHarness<String, Row, Row, Row> h, long t) throws Exception {
        h.processWatermark1(new Watermark(t));
        h.processWatermark2(new Watermark(t));
    }

    @Test
    void picksTheCustomerVersionValidAtEachOrdersEventTime() throws Exception {
        var h = harness();
        // Arrival order is not event-time order: the later version and the later order come first.
        h.processElement2(new StreamRecord<>(customer("c-1", "gold", "FR", V2), V2.toEpochMilli()));
        h.processElement1(new StreamRecord<>(enriched("o-late-day", "c-1", V2.plusSeconds(3600)), 0));
        h.processElement1(new StreamRecord<>(enriched("o-morning", "c-1", V1.plusSeconds(3600)), 0));
        h.processElement1(new StreamRecord<>(enriched("o-before", "c-1", V1.minusSeconds(1)), 0));
        h.processElement2(new StreamRecord<>(customer("c-1", "silver", "DE", V1), V1.toEpochMilli()));
        h.processElement1(new StreamRecord<>(enriched("o-at-change", "c-1", V2), 0));

        watermark(h, V2.plusSeconds(3600).toEpochMilli() + LATENESS);

        Map<String, Row> byOrder = h.extractOutputValues().stream().collect(Collectors.toMap(r -> (String) r.getField(0), r -> r));
        assertThat(byOrder).hasSize(4);
        assertThat(byOrder.get("o-before").getField(SilverSchemas.CUSTOMER_SEGMENT)).isNull();
        assertThat(byOrder.get("o-morning").getField(SilverSchemas.CUSTOMER_SEGMENT)).isEqualTo("silver");
        assertThat(byOrder.get("o-morning").getField(SilverSchemas.CUSTOMER_COUNTRY)).isEqualTo("DE");
        assertThat(byOrder.get("o-morning").getField(SilverSchemas.CUSTOMER_VALID_FROM)).isEqualTo(V1);
        assertThat(byOrder.get("o-at-change").getField(SilverSchemas.CUSTOMER_SEGMENT)).isEqualTo("gold");
        assertThat(byOrder.get("o-late-day").getField(SilverSchemas.CUSTOMER_SEGMENT)).isEqualTo("gold");
        assertThat(byOrder.get("o-late-day").getField(SilverSchemas.CUSTOMER_VALID_FROM)).isEqualTo(V2);
        // Only the current version stays: one map entry for one customer, no pending orders, no timers.
        assertThat(h.numKeyedStateEntries()).isEqualTo(1);
        assertThat(h.numEventTimeTimers()).isZero();
    }

    @Test
    void keepsTheOldVersionForOrdersStillArrivingFromTheIntervalJoin() throws Exception {
        var h = harness();
        h.processElement2(new StreamRecord<>(customer("c-3", "retail", "FR", V1), V1.toEpochMilli()));
        h.processElement2(new StreamRecord<>(customer("c-3", "vip", "FR", V2), V2.toEpochMilli()));

        // Past the change plus lateness, but an order 10 minutes before the change can still come out of the join.
        watermark(h, V2.toEpochMilli() + LATENESS + 600_000);
        h.processElement1(new StreamRecord<>(enriched("o-delayed", "c-3", V2.minusSeconds(600)), 0));
        watermark(h, V2.toEpochMilli() + ORDER_DELAY + LATENESS);

        assertThat(h.extractOutputValues()).singleElement()
                .satisfies(r -> assertThat(r.getField(SilverSchemas.CUSTOMER_SEGMENT)).isEqualTo("retail"));
        assertThat(h.numKeyedStateEntries()).isEqualTo(1);
    }

    @Test
    void keepsVersionsAndPendingOrdersAcrossSnapshotAndRestore() throws Exception {
        var h = harness();
        h.processElement2(new StreamRecord<>(customer("c-4", "pro", "DE", V1), V1.toEpochMilli()));
        h.processElement1(new StreamRecord<>(enriched("o-4", "c-4", V2), 0));
        OperatorSubtaskState state = h.snapshot(1L, 1L);
        h.close();

        var restored = harness(state);
        watermark(restored, V2.toEpochMilli() + LATENESS);

        assertThat(restored.extractOutputValues()).singleElement()
                .satisfies(r -> assertThat(r.getField(SilverSchemas.CUSTOMER_SEGMENT)).isEqualTo("pro"));
        assertThat(restored.numKeyedStateEntries()).isEqualTo(1);
    }

    @Test
    void resolvesImmediatelyWhenTheWatermarkIsAlreadyPastAndRoutesLateVersions() throws Exception {
        var h = harness();
        h.processElement2(new StreamRecord<>(customer("c-2", "bronze", "IT", V1), V1.toEpochMilli()));
        watermark(h, V2.toEpochMilli());

        h.processElement1(new StreamRecord<>(enriched("o-1", "c-2", V2.minusSeconds(3600)), 0));
        h.processElement2(new StreamRecord<>(customer("c-2", "gold", "IT", V1.plusSeconds(60)), 0));

        assertThat(h.extractOutputValues()).singleElement()
                .satisfies(r -> assertThat(r.getField(SilverSchemas.CUSTOMER_SEGMENT)).isEqualTo("bronze"));
        assertThat(h.getSideOutput(LateRecords.tag("customers"))).singleElement()
                .satisfies(r -> assertThat(r.getValue().getField(4)).isEqualTo("c-2"));
    }
}
