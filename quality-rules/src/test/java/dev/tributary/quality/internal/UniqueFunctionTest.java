package dev.tributary.quality.internal;

import dev.tributary.quality.api.RuleAction;
import dev.tributary.quality.builtin.UniqueRule;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static dev.tributary.quality.QualityTestData.ORDERS;
import static dev.tributary.quality.QualityTestData.order;
import static org.assertj.core.api.Assertions.assertThat;

/** The uniqueness operator: duplicates per window, state and timers back to zero, late records, restore. */
class UniqueFunctionTest {
    private static final long HOUR = 3_600_000L;
    private static final UniqueRule RULE =
            new UniqueRule(ORDERS, "one_per_hour", RuleAction.DROP, List.of("order_id"), Duration.ofHours(1));

    /** Envelope serializer: the harness must not fall back to Kryo for the Row inside. */
    static final TypeSerializer<Tuple3<Row, String[], String[]>> SERIALIZER =
            Checked.typeInfo(ORDERS.rowTypeInfo()).createSerializer(new SerializerConfigImpl());

    private static KeyedOneInputStreamOperatorTestHarness<String, Tuple3<Row, String[], String[]>, Tuple3<Row, String[], String[]>>
            harness() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, Tuple3<Row, String[], String[]>, Tuple3<Row, String[], String[]>> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new UniqueFunction(RULE)), UniqueFunction.keySelector(RULE), Types.STRING);
        h.setup(SERIALIZER);
        h.open();
        return h;
    }

    private static StreamRecord<Tuple3<Row, String[], String[]>> rec(String id, long ts) {
        return new StreamRecord<>(Checked.of(order(id), List.of()), ts);
    }

    /** "id:failed-rules" for every record output so far. */
    private static List<String> outcomes(
            KeyedOneInputStreamOperatorTestHarness<String, Tuple3<Row, String[], String[]>, Tuple3<Row, String[], String[]>> h) {
        return h.extractOutputValues().stream()
                .map(t -> t.f0.getField(0) + ":" + String.join(",", t.f1))
                .collect(Collectors.toList());
    }

    @Test
    void secondRecordWithTheSameKeyInAWindowFails() throws Exception {
        try (var h = harness()) {
            h.processElement(rec("a", 10));
            h.processElement(rec("b", 20));
            h.processElement(rec("a", HOUR - 1)); // same window [0, 1h)
            h.processElement(rec("a", HOUR)); // next window
            h.processElement(rec("a", HOUR + 5));

            assertThat(outcomes(h)).containsExactly("a:", "b:", "a:one_per_hour", "a:", "a:one_per_hour");
            assertThat(h.extractOutputValues().get(2).f2).containsExactly("duplicate [order_id] within a PT1H event-time window");
        }
    }

    @Test
    void timersClearStateWhenTheWatermarkPassesEachWindow() throws Exception {
        try (var h = harness()) {
            h.processElement(rec("a", 10));
            h.processElement(rec("b", 20));
            h.processElement(rec("a", HOUR + 1));
            assertThat(h.numKeyedStateEntries()).isEqualTo(2); // one map per key: a -> {0, 1h}, b -> {0}
            assertThat(h.numEventTimeTimers()).isEqualTo(3);

            h.processWatermark(HOUR - 1);
            assertThat(h.numKeyedStateEntries()).isEqualTo(1); // a -> {1h}
            assertThat(h.numEventTimeTimers()).isEqualTo(1);

            h.processWatermark(2 * HOUR - 1);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void lateRecordsAndNullKeysPassWithoutState() throws Exception {
        try (var h = harness()) {
            h.processWatermark(2 * HOUR);
            h.processElement(rec("late", 10));
            h.processElement(rec("late", 11));
            h.processElement(new StreamRecord<>(Checked.of(order(null), List.of()), 2 * HOUR + 1));
            h.processElement(new StreamRecord<>(Checked.of(order(null), List.of()), 2 * HOUR + 2));

            assertThat(outcomes(h)).containsExactly("late:", "late:", "null:", "null:");
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void keepsItsStateAcrossSnapshotAndRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.processElement(rec("a", 10));
            snapshot = h.snapshot(1L, 100L);
        }
        try (var restored = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new UniqueFunction(RULE)), UniqueFunction.keySelector(RULE), Types.STRING)) {
            restored.setup(SERIALIZER);
            restored.initializeState(snapshot);
            restored.open();

            restored.processElement(rec("a", 20));
            restored.processWatermark(HOUR);

            assertThat(outcomes(restored)).containsExactly("a:one_per_hour");
            assertThat(restored.numKeyedStateEntries()).isZero();
        }
    }
}
