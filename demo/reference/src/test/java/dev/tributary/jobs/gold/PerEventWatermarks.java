package dev.tributary.jobs.gold;

import dev.tributary.jobs.bronze.BronzeDecoder;
import dev.tributary.jobs.definition.DatasetDef;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.types.Row;

/**
 * Bounded out-of-orderness watermarks emitted after every record instead of periodically, so a test knows
 * exactly which watermark a record meets at the first operator (periodic emission depends on wall-clock timing).
 */
final class PerEventWatermarks implements WatermarkGenerator<Row> {

    private final long outOfOrdernessMillis;
    private long max = Long.MIN_VALUE;

    private PerEventWatermarks(long outOfOrdernessMillis) {
        this.outOfOrdernessMillis = outOfOrdernessMillis;
    }

    static WatermarkStrategy<Row> of(DatasetDef ds) {
        long ooo = ds.outOfOrderness().toMillis();
        return WatermarkStrategy.<Row>forGenerator(ctx -> new PerEventWatermarks(ooo))
                .withTimestampAssigner(new BronzeDecoder.EventTimeAssigner(ds.schema().indexOf(ds.eventTimeColumn())));
    }

    @Override
    public void onEvent(Row event, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp > max) {
            max = eventTimestamp;
            output.emitWatermark(new Watermark(max - outOfOrdernessMillis - 1));
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {}
}
