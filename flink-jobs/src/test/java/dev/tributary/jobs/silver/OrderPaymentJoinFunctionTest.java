package dev.tributary.jobs.silver;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import static dev.tributary.jobs.silver.SilverTestRows.order;
import static dev.tributary.jobs.silver.SilverTestRows.payment;
import static org.assertj.core.api.Assertions.assertThat;

class OrderPaymentJoinFunctionTest {

    static final Instant T = Instant.parse("2026-01-05T10:00:00Z");
    static final long LATENESS = Duration.ofMinutes(2).toMillis();
    static final long UPPER = Duration.ofMinutes(30).toMillis();
    static final long CLOSE = T.toEpochMilli() + UPPER + LATENESS;

    static KeyedTwoInputStreamOperatorTestHarness<String, Row, Row, Row> harness() throws Exception {
        OrderPaymentJoinFunction f = new OrderPaymentJoinFunction(
                "orders", SilverTestRows.ORDER_ROWS.rowTypeInfo(), 2, LATENESS,
                "payments", SilverTestRows.PAYMENT_ROWS.rowTypeInfo(), 2, 3, 5, LATENESS, 0, UPPER);
        KeyedTwoInputStreamOperatorTestHarness<String, Row, Row, Row> h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(f), r -> (String) r.getField(0), r -> (String) r.getField(1), Types.STRING);
        h.setup(SilverSchemas.ORDERS_ENRICHED_SCHEMA.rowTypeInfo().createSerializer(new SerializerConfigImpl()));
        h.open();
        return h;
    }

    static void sendOrder(KeyedTwoInputStreamOperatorTestHarness<String, Row, Row, Row> h, Row o) throws Exception {
        h.processElement1(new StreamRecord<>(o, ((Instant) o.getField(2)).toEpochMilli()));
    }

    static void sendPayment(KeyedTwoInputStreamOperatorTestHarness<String, Row, Row, Row> h, Row p) throws Exception {
        h.processElement2(new StreamRecord<>(p, ((Instant) p.getField(2)).toEpochMilli()));
    }

    static void watermark(KeyedTwoInputStreamOperatorTestHarness<String, Row, Row, Row> h, long t) throws Exception {
        h.processWatermark1(new Watermark(t));
        h.processWatermark2(new Watermark(t));
    }

    static List<Row> rows(KeyedTwoInputStreamOperatorTestHarness<String, Row, Row, Row> h) {
        return h.extractOutputValues();
    }

    @Test
    void joinsPaymentsInsideTheIntervalAndClearsStateWhenItCloses() throws Exception {
        var h = harness();
        sendPayment(h, payment("p-early", "o-1", T.minusSeconds(1), "1.00", "captured"));
        sendOrder(h, order("o-1", "c-1", T, "30.00"));
        sendPayment(h, payment("p-fail", "o-1", T.plusSeconds(60), "30.00", "failed"));
        sendPayment(h, payment("p-ok", "o-1", T.plusSeconds(120), "30.00", "captured"));
        sendPayment(h, payment("p-edge", "o-1", T.plusMillis(UPPER), "0.50", "captured"));
        sendPayment(h, payment("p-after", "o-1", T.plusMillis(UPPER + 1), "9.00", "captured"));

        watermark(h, CLOSE - 1);
        assertThat(rows(h)).isEmpty();
        watermark(h, CLOSE);

        assertThat(rows(h)).hasSize(1);
        Row r = rows(h).get(0);
        assertThat(r.getField(0)).isEqualTo("o-1");
        assertThat(r.getField(SilverSchemas.PAID)).isEqualTo(true);
        assertThat(r.getField(SilverSchemas.PAYMENT_COUNT)).isEqualTo(3);
        assertThat(r.getField(SilverSchemas.FAILED_PAYMENT_COUNT)).isEqualTo(1);
        assertThat(r.getField(SilverSchemas.PAID_AMOUNT)).isEqualTo(new BigDecimal("30.50"));
        assertThat(r.getField(SilverSchemas.FIRST_PAYMENT_TS)).isEqualTo(T.plusSeconds(120));
        assertThat(r.getField(SilverSchemas.CUSTOMER_SEGMENT)).isNull();
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
    }

    @Test
    void landsAnOrderWithoutPaymentUnpaidOnceTheWatermarkPassesTheIntervalEnd() throws Exception {
        var h = harness();
        sendOrder(h, order("o-2", "c-1", T, "12.00"));
        watermark(h, CLOSE - 1);
        assertThat(rows(h)).isEmpty();

        watermark(h, CLOSE);

        assertThat(rows(h)).singleElement().satisfies(r -> {
            assertThat(r.getField(SilverSchemas.PAID)).isEqualTo(false);
            assertThat(r.getField(SilverSchemas.PAYMENT_COUNT)).isEqualTo(0);
            assertThat(r.getField(SilverSchemas.PAID_AMOUNT)).isEqualTo(new BigDecimal("0.00"));
            assertThat(r.getField(SilverSchemas.FIRST_PAYMENT_TS)).isNull();
        });
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    @Test
    void dropsAnOrphanPaymentOnceNoOrderCanMatchIt() throws Exception {
        var h = harness();
        sendPayment(h, payment("p-9", "o-9", T, "5.00", "captured"));
        assertThat(h.numKeyedStateEntries()).isEqualTo(1);

        watermark(h, T.toEpochMilli() + LATENESS);

        assertThat(rows(h)).isEmpty();
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
    }

    @Test
    void routesRecordsBehindTheJoinWatermarkToTheLateOutputs() throws Exception {
        var h = harness();
        watermark(h, T.toEpochMilli() + LATENESS);

        sendOrder(h, order("o-3", "c-1", T, "1.00"));
        sendPayment(h, payment("p-3", "o-4", T, "1.00", "captured"));
        sendOrder(h, order("o-5", "c-1", T.plusMillis(1), "1.00"));

        List<Row> lateOrders = h.getSideOutput(LateRecords.tag("orders")).stream().map(StreamRecord::getValue).collect(Collectors.toList());
        List<Row> latePayments = h.getSideOutput(LateRecords.tag("payments")).stream().map(StreamRecord::getValue).collect(Collectors.toList());
        assertThat(lateOrders).singleElement().satisfies(r -> {
            assertThat(r.getField(0)).isEqualTo("orders");
            assertThat((String) r.getField(1)).startsWith("behind-watermark");
            assertThat(r.getField(4)).isEqualTo("o-3");
        });
        assertThat(latePayments).singleElement().satisfies(r -> assertThat(r.getField(4)).isEqualTo("o-4"));
        assertThat(h.numKeyedStateEntries()).isEqualTo(1);
    }

    @Test
    void keepsAnOpenOrderAcrossSnapshotAndRestore() throws Exception {
        var h = harness();
        sendOrder(h, order("o-6", "c-1", T, "8.00"));
        sendPayment(h, payment("p-6", "o-6", T.plusSeconds(5), "8.00", "captured"));
        OperatorSubtaskState snapshot = h.snapshot(1L, 1L);
        h.close();

        var restored = new KeyedTwoInputStreamOperatorTestHarness<String, Row, Row, Row>(
                new KeyedCoProcessOperator<>(new OrderPaymentJoinFunction(
                        "orders", SilverTestRows.ORDER_ROWS.rowTypeInfo(), 2, LATENESS,
                        "payments", SilverTestRows.PAYMENT_ROWS.rowTypeInfo(), 2, 3, 5, LATENESS, 0, UPPER)),
                r -> (String) r.getField(0), r -> (String) r.getField(1), Types.STRING);
        restored.setup(SilverSchemas.ORDERS_ENRICHED_SCHEMA.rowTypeInfo().createSerializer(new SerializerConfigImpl()));
        restored.initializeState(snapshot);
        restored.open();
        watermark(restored, CLOSE);

        assertThat(rows(restored)).singleElement()
                .satisfies(r -> assertThat(r.getField(SilverSchemas.PAID_AMOUNT)).isEqualTo(new BigDecimal("8.00")));
        assertThat(restored.numKeyedStateEntries()).isZero();
    }
}
