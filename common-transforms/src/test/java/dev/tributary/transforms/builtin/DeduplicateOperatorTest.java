package dev.tributary.transforms.builtin;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.sorted.state.BatchExecutionStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The dedupe operator on Flink's operator test harness: semantics, state bounds, restore, BATCH, upgrade. */
class DeduplicateOperatorTest {

    static final RowTypeInfo TYPE = new RowTypeInfo(Types.STRING, Types.LONG);
    static final Duration RETENTION = Duration.ofMillis(100);

    static KeyedOneInputStreamOperatorTestHarness<String, Row, Row> harness(OneInputStreamOperator<Row, Row> op) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h =
                new KeyedOneInputStreamOperatorTestHarness<>(op, r -> (String) r.getField(0), Types.STRING);
        h.setup(TYPE.createSerializer(h.getExecutionConfig().getSerializerConfig()));
        return h;
    }

    static KeyedOneInputStreamOperatorTestHarness<String, Row, Row> harness() throws Exception {
        return harness(new DeduplicateOperator<String>(RETENTION, "test"));
    }

    @Test
    void keepsTheFirstRecordPerKeyAndClearsStateWhenTheWatermarkPassesTheRetention() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = harness()) {
            h.open();
            h.processElement(new StreamRecord<>(Row.of("a", 10L), 10));
            h.processElement(new StreamRecord<>(Row.of("b", 20L), 20));
            h.processElement(new StreamRecord<>(Row.of("a", 30L), 30));
            assertThat(h.numKeyedStateEntries()).isEqualTo(2);
            assertThat(h.numEventTimeTimers()).as("horizons 110 and 120 share the cleanup bucket ending at 125").isEqualTo(1);

            h.processWatermark(200);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();

            h.processElement(new StreamRecord<>(Row.of("a", 250L), 250));
            assertThat(values(h)).containsExactly("a@10", "b@20", "a@250");
            assertThat(duplicates(h)).isEqualTo(1);
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
    void seenKeysAndTheDuplicateCountSurviveSnapshotAndRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = harness()) {
            h.open();
            h.processElement(new StreamRecord<>(Row.of("a", 10L), 10));
            h.processElement(new StreamRecord<>(Row.of("a", 10L), 10));
            snapshot = h.snapshot(1L, 1L);
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = harness()) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(new StreamRecord<>(Row.of("a", 10L), 10));
            h.processElement(new StreamRecord<>(Row.of("c", 11L), 11));

            assertThat(values(h)).containsExactly("c@11");
            assertThat(duplicates(h)).isEqualTo(2);
            h.processWatermark(500);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    /**
     * {@code dedupe/v1-heap.snapshot} was taken with the first layout (see {@link DedupeStateFixtureWriter}): a@10 and
     * b@20 seen, one duplicate counted, timers at 110 and 120. The new operator restores it with the same uid.
     */
    @Test
    void restoresASavepointOfTheFirstStateLayout() throws Exception {
        URL fixture = DeduplicateOperatorTest.class.getResource("/dedupe/v1-heap.snapshot");
        OperatorSubtaskState v1 = OperatorSnapshotUtil.readStateHandle(Paths.get(fixture.toURI()).toString());
        OperatorSubtaskState v2;
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = harness(new DeduplicateOperator<String>(RETENTION, "fixture"))) {
            h.initializeState(v1);
            h.open();
            assertThat(h.numKeyedStateEntries()).as("old entries moved, not copied").isEqualTo(2);
            assertThat(h.numEventTimeTimers()).as("the two old per-key timers + one sweep for their bucket").isEqualTo(3);
            h.processElement(new StreamRecord<>(Row.of("a", 30L), 30));
            h.processElement(new StreamRecord<>(Row.of("b", 40L), 40));
            h.processElement(new StreamRecord<>(Row.of("c", 50L), 50));
            assertThat(values(h)).containsExactly("c@50");
            assertThat(duplicates(h)).isEqualTo(3);

            h.processWatermark(115);
            h.processElement(new StreamRecord<>(Row.of("a", 116L), 116));
            h.processElement(new StreamRecord<>(Row.of("b", 117L), 117));
            assertThat(values(h)).as("a's old timer (110) fired, b's (120) not yet").containsExactly("c@50", "a@116");
            v2 = h.snapshot(2L, 2L);
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = harness(new DeduplicateOperator<String>(RETENTION, "fixture"))) {
            h.initializeState(v2);
            h.open();
            h.processElement(new StreamRecord<>(Row.of("c", 118L), 118));
            assertThat(values(h)).isEmpty();
            assertThat(duplicates(h)).isEqualTo(5);
            h.processWatermark(1_000);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    /**
     * {@code dedupe/v2-heap.snapshot} was taken with the second layout (see {@link DedupeStateFixtureWriterV2}):
     * the same input as the first fixture, so the same outcome, now with a horizon per key instead of a flag.
     */
    @Test
    void restoresASavepointOfTheSecondStateLayout() throws Exception {
        URL fixture = DeduplicateOperatorTest.class.getResource("/dedupe/v2-heap.snapshot");
        OperatorSubtaskState v2 = OperatorSnapshotUtil.readStateHandle(Paths.get(fixture.toURI()).toString());
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = harness(new DeduplicateOperator<String>(RETENTION, "fixture"))) {
            h.initializeState(v2);
            h.open();
            assertThat(h.numKeyedStateEntries()).as("old entries moved, not copied").isEqualTo(2);
            assertThat(duplicates(h)).isEqualTo(1);
            h.processElement(new StreamRecord<>(Row.of("a", 30L), 30));
            h.processElement(new StreamRecord<>(Row.of("b", 40L), 40));
            h.processElement(new StreamRecord<>(Row.of("c", 50L), 50));
            h.processWatermark(115);
            h.processElement(new StreamRecord<>(Row.of("a", 116L), 116));
            h.processElement(new StreamRecord<>(Row.of("b", 117L), 117));
            assertThat(values(h)).as("a's old timer (110) fired, b's (120) not yet").containsExactly("c@50", "a@116");
            assertThat(duplicates(h)).isEqualTo(4);
            h.processWatermark(1_000);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void oneSweepTimerPerCleanupBucketInsteadOfOnePerKey() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = harness()) {
            h.open();
            for (int k = 0; k < 100; k++) {
                h.processElement(new StreamRecord<>(Row.of("k" + k, (long) k), k));
            }
            // Horizons 100..199 with 25 ms buckets: sweeps at 100, 125, 150, 175, 200.
            assertThat(h.numEventTimeTimers()).isEqualTo(5);
            h.processWatermark(150);
            assertThat(h.numKeyedStateEntries()).as("horizons 151..199 stay").isEqualTo(49);
            h.processElement(new StreamRecord<>(Row.of("k50", 50L), 50));
            h.processElement(new StreamRecord<>(Row.of("k51", 51L), 51));
            assertThat(values(h)).hasSize(101).endsWith("k50@50");
            h.processWatermark(Long.MAX_VALUE);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    /**
     * A key whose horizon the watermark passed but whose bucket was not swept yet is in the snapshot; a restored
     * job starts at watermark MIN, and the snapshot's watermark must still count (per-key timers had cleared it).
     */
    @Test
    void aRestoredSubtaskUsesTheSnapshotsWatermarkUntilTheSourcesCatchUp() throws Exception {
        OperatorSubtaskState snapshot;
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = harness()) {
            h.open();
            h.processElement(new StreamRecord<>(Row.of("a", 10L), 10));
            h.processElement(new StreamRecord<>(Row.of("b", 60L), 60));
            h.processWatermark(120);
            assertThat(h.numKeyedStateEntries()).as("a expired at 110, its bucket ends at 125").isEqualTo(2);
            snapshot = h.snapshot(1L, 1L);
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = harness()) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(new StreamRecord<>(Row.of("a", 121L), 121));
            h.processElement(new StreamRecord<>(Row.of("b", 122L), 122));
            assertThat(values(h)).containsExactly("a@121");
            h.processWatermark(Long.MAX_VALUE);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void batchModeComparesEveryRecordOfAKeyWithoutStateOrTimers() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, Row, Row> batch = new KeyedOneInputStreamOperatorTestHarness<>(
                new DeduplicateOperator<String>(RETENTION, "test"), r -> (String) r.getField(0), Types.STRING);
        // Before setup(): set after it, the harness silently keeps the heap backend (and the STREAMING path).
        batch.setStateBackend(new BatchExecutionStateBackend());
        batch.setup(TYPE.createSerializer(batch.getExecutionConfig().getSerializerConfig()));
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = batch) {
            h.open();
            // BATCH feeds the input sorted by key; time order inside a key is not guaranteed, nor needed.
            h.processElement(new StreamRecord<>(Row.of("a", 30L), 30));
            h.processElement(new StreamRecord<>(Row.of("a", 10L), 10));
            h.processElement(new StreamRecord<>(Row.of("a", 900L), 900));
            h.processElement(new StreamRecord<>(Row.of("b", 20L), 20));
            h.processElement(new StreamRecord<>(Row.of("c", 5L), 5));
            h.processElement(new StreamRecord<>(Row.of("c", 5L), 5));
            h.processWatermark(Long.MAX_VALUE);

            assertThat(values(h)).containsExactly("a@30", "b@20", "c@5");
            assertThat(duplicates(h)).isEqualTo(3);
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    static List<String> values(KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h) {
        return h.extractOutputValues().stream().map(r -> r.getField(0) + "@" + r.getField(1)).collect(Collectors.toList());
    }

    @SuppressWarnings("unchecked")
    static long duplicates(KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h) {
        return ((DeduplicateOperator<String>) h.getOperator()).duplicates();
    }
}
