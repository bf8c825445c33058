package dev.tributary.jobs.blocks;

import dev.tributary.transforms.api.DurableCounter;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * First step of every block input: routes records that are too late against <em>their own stream's</em>
 * watermark (see {@link LateRecords}) to the input's late side output, forwards the rest unchanged.
 *
 * <p>Deciding against the input's own watermark (not a join's combined one) makes the decision a function of
 * that source's order of arrival alone, so it is the same whatever the relative speed of the other sources.
 * Because a combined watermark is never ahead of its inputs' (except across idleness, which the joins check
 * again), records forwarded here are on time at the joins. Event time is the record's timestamp. Forwarded
 * rows are cut to the declared input layout (see the constructor).
 */
@Internal
public final class LateDataRouter extends ProcessFunction<Row, Row> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final LateRecords.Renderer late;
    private final int arity;
    private final int[] keyPositions;
    private final long allowedLatenessMillis;
    private final OutputTag<Row> lateTag;
    private final DurableCounter in;

    /**
     * @param arity positions forwarded: longer rows (bronze in-flight rows with their transient {@code _raw},
     *     {@code _error}) are cut to this prefix, the layout the block declares for the input
     * @param inCounter name of the counter of records read ({@code <layer>.<model>.<input>.in})
     */
    public LateDataRouter(LateRecords.Renderer late, int arity, int[] keyPositions, long allowedLatenessMillis, String inCounter) {
        this.in = new DurableCounter(inCounter, "in");
        this.late = late;
        this.arity = arity;
        this.keyPositions = keyPositions;
        this.allowedLatenessMillis = allowedLatenessMillis;
        this.lateTag = late.tag();
    }

    @Override
    public void open(OpenContext openContext) {
        in.open(getRuntimeContext(), getRuntimeContext().getMetricGroup());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        in.snapshot();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        in.initialize(context);
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<Row> out) {
        in.inc();
        Row r = row.getArity() > arity ? prefix(row) : row;
        Long ts = ctx.timestamp();
        long wm = ctx.timerService().currentWatermark();
        if (ts != null && LateRecords.isLate(ts, wm, allowedLatenessMillis)) {
            ctx.output(lateTag, late.toRow(ts, wm, allowedLatenessMillis, KeyColumns.describe(r, keyPositions), r));
            return;
        }
        out.collect(r);
    }

    private Row prefix(Row row) {
        Row r = new Row(row.getKind(), arity);
        for (int i = 0; i < arity; i++) {
            r.setField(i, row.getField(i));
        }
        return r;
    }
}
