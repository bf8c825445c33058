package dev.tributary.jobs.blocks;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EventTimeRestamperTest {

    @Test
    void restampsRowsWithTheirEventTimeAndHoldsTheWatermarkBack() throws Exception {
        var h = new OneInputStreamOperatorTestHarness<Row, Row>(new EventTimeRestamper(0, 100));
        h.setup(Types.ROW(Types.INSTANT).createSerializer(new SerializerConfigImpl()));
        h.open();

        h.processElement(new StreamRecord<>(Row.of(Instant.ofEpochMilli(950)), 1_050));
        h.processWatermark(new Watermark(1_050));
        h.processWatermark(new Watermark(Long.MAX_VALUE));

        assertThat(h.getOutput()).containsExactly(
                new StreamRecord<>(Row.of(Instant.ofEpochMilli(950)), 950),
                new Watermark(950),
                Watermark.MAX_WATERMARK);
    }
}
