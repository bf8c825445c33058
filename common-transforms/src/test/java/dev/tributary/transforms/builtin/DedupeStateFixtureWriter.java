package dev.tributary.transforms.builtin;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.apache.flink.types.Row;

import java.time.Duration;

/**
 * Wrote {@code dedupe/v1-heap.snapshot}: the dedupe operator's state in its first layout (KeyedProcessOperator
 * around DeduplicateFunction v1: keyed {@code ValueState<Boolean> "seen"} with a 400 ms processing-time TTL,
 * one event-time timer per key, the duplicates counter as operator list state). Kept to document how the
 * fixture was made; it only compiles against v1 and is not re-run (the fixture must stay the OLD layout).
 *
 * <p>Input: a@10, b@20, a@30 (duplicate), retention 100 ms, watermark 5; snapshot 1.
 */
final class DedupeStateFixtureWriter {

    private DedupeStateFixtureWriter() {}

    public static void main(String[] args) throws Exception {
        RowTypeInfo type = new RowTypeInfo(Types.STRING, Types.LONG);
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DeduplicateFunction(1, Duration.ofMillis(100), Duration.ofMillis(400), "fixture")),
                r -> (String) r.getField(0), Types.STRING)) {
            h.setup(type.createSerializer(h.getExecutionConfig().getSerializerConfig()));
            h.open();
            h.processWatermark(5);
            h.processElement(new StreamRecord<>(Row.of("a", 10L), 10));
            h.processElement(new StreamRecord<>(Row.of("b", 20L), 20));
            h.processElement(new StreamRecord<>(Row.of("a", 30L), 30));
            OperatorSnapshotUtil.writeStateHandle(h.snapshot(1L, 1L), args[0]);
        }
    }
}
