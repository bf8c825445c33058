package dev.tributary.transforms.builtin;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class DeduplicateFunctionTest {

    private static final RowTypeInfo TYPE = new RowTypeInfo(Types.STRING, Types.LONG);

    private static KeyedOneInputStreamOperatorTestHarness<String, Row, Row> harness() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DeduplicateFunction(1, Duration.ofMillis(100), null, "test")),
                r -> (String) r.getField(0), Types.STRING);
        h.setup(TYPE.createSerializer(h.getExecutionConfig().getSerializerConfig()));
        return h;
    }

    @Test
    void keepsTheFirstRecordPerKeyAndClearsStateWhenTheWatermarkPassesTheRetention() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = harness()) {
            h.open();
            h.processElement(new StreamRecord<>(Row.of("a", 10L), 10));
            h.processElement(new StreamRecord<>(Row.of("b", 20L), 20));
            h.processElement(new StreamRecord<>(Row.of("a", 30L), 30));
            assertThat(h.numKeyedStateEntries()).isEqualTo(2);

            h.processWatermark(200);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();

            h.processElement(new StreamRecord<>(Row.of("a", 250L), 250));
            assertThat(values(h)).containsExactly("a@10", "b@20", "a@250");
        }
    }

    @Test
    void aLateFirstRecordIsStillGuardedForTheRetentionAfterTheWatermark() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = harness()) {
            h.open();
            h.processWatermark(1_000);
            h.processElement(new StreamRecord<>(Row.of("late", 5L), 5));
            h.processElement(new StreamRecord<>(Row.of("late", 5L), 5));
            h.processWatermark(1_050);
            h.processElement(new StreamRecord<>(Row.of("late", 5L), 5));

            assertThat(values(h)).containsExactly("late@5");
            h.processWatermark(1_101);
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void seenKeysSurviveSnapshotAndRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = harness()) {
            h.open();
            h.processElement(new StreamRecord<>(Row.of("a", 10L), 10));
            snapshot = h.snapshot(1L, 1L);
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = harness()) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(new StreamRecord<>(Row.of("a", 10L), 10));
            h.processElement(new StreamRecord<>(Row.of("c", 11L), 11));

            assertThat(values(h)).containsExactly("c@11");
        }
    }

    private static List<String> values(KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h) {
        return h.extractOutputValues().stream().map(r -> r.getField(0) + "@" + r.getField(1)).collect(Collectors.toList());
    }
}
