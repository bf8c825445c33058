package dev.tributary.transforms.builtin;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.apache.flink.types.Row;

import java.time.Duration;

/**
 * Wrote {@code dedupe/v2-heap.snapshot}: the dedupe operator's state in its second layout (DeduplicateOperator at
 * commit 5d774e7: keyed {@code ValueState<Boolean> "dedupe-seen"}, one event-time timer per key in
 * {@code "user-timers"}, the {@code "dedupe-layout"} union state holding 2, the duplicates counter). Kept to
 * document how the fixture was made; it was run once against that commit and must not be re-run (the fixture
 * must stay the OLD layout).
 *
 * <p>Input: watermark 5, a@10, b@20, a@30 (duplicate), retention 100 ms; snapshot 1.
 */
final class DedupeStateFixtureWriterV2 {

    private DedupeStateFixtureWriterV2() {}

    public static void main(String[] args) throws Exception {
        RowTypeInfo type = new RowTypeInfo(Types.STRING, Types.LONG);
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = new KeyedOneInputStreamOperatorTestHarness<>(
                new DeduplicateOperator<String>(Duration.ofMillis(100), "fixture"), r -> (String) r.getField(0), Types.STRING)) {
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
