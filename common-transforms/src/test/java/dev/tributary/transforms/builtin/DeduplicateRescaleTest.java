package dev.tributary.transforms.builtin;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.tributary.transforms.builtin.DeduplicateOperatorTest.RETENTION;
import static dev.tributary.transforms.builtin.DeduplicateOperatorTest.TYPE;
import static dev.tributary.transforms.builtin.DeduplicateOperatorTest.values;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rescaling 1 -> 3 -> 2 subtasks between seeded random records: the keys and their horizons move with their key
 * groups, each subtask rebuilds its cleanup index from the state it was handed (sweep timers of other subtasks'
 * buckets arrive with the key groups), the emitted records equal a single-subtask model, and every subtask's
 * state and timers drain to zero once the watermark passes the last horizon.
 */
class DeduplicateRescaleTest {

    static final int MAX_PARALLELISM = 128;

    @ParameterizedTest
    @ValueSource(longs = {3L, 16L, 2026L})
    void keysHorizonsAndCleanupFollowTheirKeyGroups(long seed) throws Exception {
        Random random = new Random(seed);
        List<long[]> phases = List.of(new long[] {0, 1}, new long[] {300, 3}, new long[] {600, 2});
        Map<String, Long> model = new HashMap<>();
        List<String> expected = new ArrayList<>();
        List<String> emitted = new ArrayList<>();
        OperatorSubtaskState state = null;
        int parallelism = 1;
        long watermark = Long.MIN_VALUE;
        for (long[] phase : phases) {
            int next = (int) phase[1];
            List<KeyedOneInputStreamOperatorTestHarness<String, Row, Row>> subtasks = new ArrayList<>();
            for (int i = 0; i < next; i++) {
                KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = new KeyedOneInputStreamOperatorTestHarness<>(
                        new DeduplicateOperator<String>(RETENTION, "rescale"), r -> (String) r.getField(0), Types.STRING,
                        MAX_PARALLELISM, next, i);
                h.setup(TYPE.createSerializer(h.getExecutionConfig().getSerializerConfig()));
                if (state != null) {
                    h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(
                            state, MAX_PARALLELISM, parallelism, next, i));
                }
                h.open();
                if (watermark != Long.MIN_VALUE) {
                    // Sources re-establish the watermark after a restore (before it, see aRestoredSubtaskUses...).
                    h.processWatermark(watermark);
                }
                subtasks.add(h);
            }
            for (int step = 0; step < 150; step++) {
                long t = phase[0] + step + random.nextInt(40) - 20;
                String key = "k" + random.nextInt(60);
                if (random.nextInt(10) == 0) {
                    watermark = Math.max(watermark, t - 30);
                    for (var h : subtasks) {
                        h.processWatermark(watermark);
                    }
                    long w = watermark;
                    model.values().removeIf(until -> until <= w);
                }
                int owner = KeyGroupRangeAssignment.assignKeyToParallelOperator(key, MAX_PARALLELISM, next);
                subtasks.get(owner).processElement(new StreamRecord<>(Row.of(key, t), t));
                if (!model.containsKey(key)) {
                    model.put(key, Math.max(t, watermark) + RETENTION.toMillis());
                    expected.add(key + "@" + t);
                }
            }
            List<OperatorSubtaskState> snapshots = new ArrayList<>();
            for (var h : subtasks) {
                emitted.addAll(values(h));
                snapshots.add(h.snapshot(1L, 1L));
                if (phase == phases.get(phases.size() - 1)) {
                    h.processWatermark(Long.MAX_VALUE);
                    assertThat(h.numKeyedStateEntries()).isZero();
                    assertThat(h.numEventTimeTimers()).isZero();
                }
                h.close();
            }
            state = AbstractStreamOperatorTestHarness.repackageState(snapshots.toArray(new OperatorSubtaskState[0]));
            parallelism = next;
        }
        assertThat(emitted).as("seed %d", seed).containsExactlyInAnyOrderElementsOf(expected);
    }
}
