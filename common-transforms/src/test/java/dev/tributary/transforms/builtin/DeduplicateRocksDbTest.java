package dev.tributary.transforms.builtin;

import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import static dev.tributary.transforms.builtin.DeduplicateOperatorTest.RETENTION;
import static dev.tributary.transforms.builtin.DeduplicateOperatorTest.TYPE;
import static dev.tributary.transforms.builtin.DeduplicateOperatorTest.duplicates;
import static dev.tributary.transforms.builtin.DeduplicateOperatorTest.values;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dedupe on RocksDB state: no in-memory key index there (it would hold every key besides the state), one
 * timer per key at its horizon instead; the same decisions across a snapshot and restore. (The harness
 * counts neither RocksDB timers nor RocksDB state entries; the heap tests cover the bounds.)
 */
class DeduplicateRocksDbTest {

    static KeyedOneInputStreamOperatorTestHarness<String, Row, Row> rocksDb() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = new KeyedOneInputStreamOperatorTestHarness<>(
                new DeduplicateOperator<String>(RETENTION, "rocks"), r -> (String) r.getField(0),
                org.apache.flink.api.common.typeinfo.Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend()); // before setup(), or the harness keeps heap state
        h.setup(TYPE.createSerializer(h.getExecutionConfig().getSerializerConfig()));
        return h;
    }

    @Test
    void oneTimerPerKeyAndTheSameDecisionsAcrossARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = rocksDb()) {
            h.open();
            h.processElement(new StreamRecord<>(Row.of("a", 10L), 10));
            h.processElement(new StreamRecord<>(Row.of("b", 20L), 20));
            h.processElement(new StreamRecord<>(Row.of("a", 30L), 30));
            h.processWatermark(115);
            assertThat(values(h)).containsExactly("a@10", "b@20");
            snapshot = h.snapshot(1L, 1L);
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = rocksDb()) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(new StreamRecord<>(Row.of("b", 116L), 116));
            h.processElement(new StreamRecord<>(Row.of("a", 117L), 117));
            assertThat(values(h)).containsExactly("a@117");
            assertThat(duplicates(h)).isEqualTo(2);
            h.processWatermark(Long.MAX_VALUE);
            h.processElement(new StreamRecord<>(Row.of("b", 500L), 500));
            assertThat(values(h)).containsExactly("a@117", "b@500");
        }
    }
}
