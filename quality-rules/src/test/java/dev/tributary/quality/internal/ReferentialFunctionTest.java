package dev.tributary.quality.internal;

import dev.tributary.quality.api.RuleAction;
import dev.tributary.quality.builtin.ReferentialRule;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static dev.tributary.quality.QualityTestData.ORDERS;
import static dev.tributary.quality.QualityTestData.customer;
import static dev.tributary.quality.QualityTestData.order;
import static org.assertj.core.api.Assertions.assertThat;

/** The referential operator in event time: held children, grace, late children, retention, restore. */
class ReferentialFunctionTest {
    private static final long MINUTE = 60_000L;

    private static ReferentialRule rule(@Nullable Duration retention) {
        return new ReferentialRule(ORDERS, "known_customer", RuleAction.QUARANTINE, "customer_id",
                "customers", "customer_id", Duration.ofMinutes(10), retention);
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, Tuple3<Row, String[], String[]>, Row, Tuple3<Row, String[], String[]>>
            harness(ReferentialRule rule) throws Exception {
        ReferentialFunction fn = new ReferentialFunction(rule, Checked.typeInfo(ORDERS.rowTypeInfo()));
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(fn),
                ReferentialFunction.childKey(rule), ReferentialFunction.parentKey(0), Types.STRING);
        h.setup(UniqueFunctionTest.SERIALIZER);
        return h;
    }

    private static StreamRecord<Tuple3<Row, String[], String[]>> child(String id, @Nullable Long customerId, long ts) {
        return new StreamRecord<>(Checked.of(order(id, "customer_id", customerId), List.of()), ts);
    }

    private static StreamRecord<Row> parent(long customerId, long ts) {
        return new StreamRecord<>(customer(customerId, "c" + customerId), ts);
    }

    private static List<String> outcomes(
            KeyedTwoInputStreamOperatorTestHarness<String, Tuple3<Row, String[], String[]>, Row, Tuple3<Row, String[], String[]>> h) {
        return h.extractOutputValues().stream()
                .map(t -> t.f0.getField(0) + ":" + String.join(",", t.f1))
                .collect(Collectors.toList());
    }

    /** Advances the watermark of both inputs (the operator's watermark is their minimum). */
    private static void watermark(
            KeyedTwoInputStreamOperatorTestHarness<String, Tuple3<Row, String[], String[]>, Row, Tuple3<Row, String[], String[]>> h,
            long ts) throws Exception {
        h.processWatermark1(new Watermark(ts));
        h.processWatermark2(new Watermark(ts));
    }

    @Test
    void holdsAChildUntilItsParentArrivesWithinGrace() throws Exception {
        try (var h = harness(rule(null))) {
            h.open();
            h.processElement1(child("o1", 7L, 1_000));
            watermark(h, 1_000 + 9 * MINUTE);
            assertThat(outcomes(h)).isEmpty(); // held back
            assertThat(h.numEventTimeTimers()).isEqualTo(1);

            h.processElement2(parent(7, 1_000 + 5 * MINUTE));

            assertThat(outcomes(h)).containsExactly("o1:");
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numKeyedStateEntries()).isEqualTo(1); // the parent key, kept without a retention
        }
    }

    @Test
    void failsAChildWhoseParentNeverArrives() throws Exception {
        try (var h = harness(rule(null))) {
            h.open();
            h.processElement1(child("o2", 8L, 2_000));
            watermark(h, 2_000 + 10 * MINUTE - 1);
            assertThat(outcomes(h)).isEmpty();

            watermark(h, 2_000 + 10 * MINUTE);

            assertThat(outcomes(h)).containsExactly("o2:known_customer");
            assertThat(h.extractOutputValues().get(0).f2).containsExactly(
                    "no customers.customer_id matching column 'customer_id' arrived within PT10M of event time");
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void passesChildrenOfKnownParentsAndNullKeysAtOnce() throws Exception {
        try (var h = harness(rule(null))) {
            h.open();
            h.processElement2(parent(7, 0));
            h.processElement1(child("o1", 7L, 5_000));
            h.processElement1(child("o2", null, 5_000));

            assertThat(outcomes(h)).containsExactly("o1:", "o2:");
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void failsALateChildAtOnce() throws Exception {
        try (var h = harness(rule(null))) {
            h.open();
            watermark(h, HOUR_AND_MORE);

            h.processElement1(child("late", 9L, 0));

            assertThat(outcomes(h)).containsExactly("late:known_customer");
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    private static final long HOUR_AND_MORE = 61 * MINUTE;

    @Test
    void parentRetentionClearsEveryKeyOnceTheWatermarkPasses() throws Exception {
        try (var h = harness(rule(Duration.ofHours(1)))) {
            h.open();
            h.processElement2(parent(7, 0));
            h.processElement2(parent(7, 30 * MINUTE)); // extends the retention
            h.processElement1(child("o1", 7L, 40 * MINUTE));
            h.processElement1(child("o2", 8L, 40 * MINUTE));
            assertThat(h.numKeyedStateEntries()).isEqualTo(2);

            watermark(h, 90 * MINUTE);

            assertThat(outcomes(h)).containsExactly("o1:", "o2:known_customer");
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void heldChildrenSurviveSnapshotAndRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(rule(null))) {
            h.open();
            h.processElement1(child("o1", 7L, 1_000));
            h.processElement1(child("o2", 8L, 1_000));
            snapshot = h.snapshot(1L, 100L);
        }
        try (var restored = harness(rule(null))) {
            restored.initializeState(snapshot);
            restored.open();

            restored.processElement2(parent(7, 2_000));
            watermark(restored, 1_000 + 10 * MINUTE);

            assertThat(outcomes(restored)).containsExactly("o1:", "o2:known_customer");
            assertThat(restored.numEventTimeTimers()).isZero();
        }
    }
}
