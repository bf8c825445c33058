package dev.tributary.transforms.builtin;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.operators.sorted.state.BatchExecutionStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.tributary.transforms.builtin.DeduplicateOperatorTest.RETENTION;
import static dev.tributary.transforms.builtin.DeduplicateOperatorTest.TYPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link DeduplicateOperator#sortedByHash}: BATCH input keyed and sorted by a hash of the real key. A hash collision
 * must never drop a distinct record, whatever order the colliding keys arrive in within their run; the hashes here
 * are deliberately weak (the key's length, its first char) so that collisions are the rule, not the exception.
 */
class DeduplicateSortedByHashTest {

    private static final KeySelector<Row, String> REAL_KEY = r -> (String) r.getField(0);

    private static KeyedOneInputStreamOperatorTestHarness<Integer, Row, Row> batchHarness(KeySelector<Row, Integer> hash)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<Integer, Row, Row> h = new KeyedOneInputStreamOperatorTestHarness<>(
                DeduplicateOperator.<Integer>sortedByHash(RETENTION, "test", REAL_KEY), hash, Types.INT);
        // Before setup(): the harness builds its keyed backend from the backend set at setup time.
        h.setStateBackend(new BatchExecutionStateBackend());
        h.setup(TYPE.createSerializer(h.getExecutionConfig().getSerializerConfig()));
        h.open();
        return h;
    }

    @Test
    void collidingKeysInOneHashRunAreComparedByTheirRealKey() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<Integer, Row, Row> h = batchHarness(r -> ((String) r.getField(0)).length())) {
            for (String k : new String[] {"a", "b", "a", "c", "b", "aa", "bb", "aa"}) {
                h.processElement(new StreamRecord<>(Row.of(k, 1L), 1));
            }
            h.processWatermark(Long.MAX_VALUE);

            assertThat(h.extractOutputValues().stream().map(r -> (String) r.getField(0)))
                    .containsExactly("a", "b", "c", "aa", "bb");
            assertThat(((DeduplicateOperator<?>) h.getOperator()).duplicates()).isEqualTo(3);
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void seededRandomKeysUnderAWeakHashLandExactlyOncePerRealKey() throws Exception {
        Random r = new Random(20261202L);
        for (int round = 0; round < 20; round++) {
            List<String> keys = new ArrayList<>();
            int n = 1 + r.nextInt(400);
            for (int i = 0; i < n; i++) {
                keys.add(Integer.toString(r.nextInt(60), 36) + (r.nextBoolean() ? "" : "x"));
            }
            // What BATCH does: sort by the hash only (stable), so real keys interleave within a hash run.
            KeySelector<Row, Integer> firstChar = row -> (int) ((String) row.getField(0)).charAt(0);
            List<String> sorted = keys.stream().sorted(Comparator.comparingInt(k -> (int) k.charAt(0))).collect(Collectors.toList());
            try (KeyedOneInputStreamOperatorTestHarness<Integer, Row, Row> h = batchHarness(firstChar)) {
                for (String k : sorted) {
                    h.processElement(new StreamRecord<>(Row.of(k, 1L), 1));
                }
                h.processWatermark(Long.MAX_VALUE);

                Set<String> expected = new LinkedHashSet<>(sorted);
                assertThat(h.extractOutputValues().stream().map(x -> (String) x.getField(0)).collect(Collectors.toList()))
                        .as("round %d", round).containsExactlyElementsOf(expected);
                assertThat(((DeduplicateOperator<?>) h.getOperator()).duplicates()).isEqualTo(n - expected.size());
            }
        }
    }

    @Test
    void refusesToRunInStreamingWhereStateWouldMergeCollidingKeys() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<Integer, Row, Row> h = new KeyedOneInputStreamOperatorTestHarness<>(
                DeduplicateOperator.<Integer>sortedByHash(RETENTION, "test", REAL_KEY), r -> 0, Types.INT);
        h.setup(TYPE.createSerializer(h.getExecutionConfig().getSerializerConfig()));
        assertThatThrownBy(h::open).isInstanceOf(IllegalStateException.class).hasMessageContaining("BATCH only");
        h.close();
    }
}
