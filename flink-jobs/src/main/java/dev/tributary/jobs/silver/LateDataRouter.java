package dev.tributary.jobs.silver;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * First step of every silver input: routes records that are too late against <em>their own stream's</em> watermark
 * (see {@link LateRecords}) to the dataset's late side output, forwards the rest unchanged.
 *
 * <p>Deciding against the input's own watermark (not the join's combined one) makes the decision a function of
 * that source's order of arrival alone, so it is the same whatever the relative speed of the other sources.
 * Because a combined watermark is never ahead of its inputs' (except across idleness, which the joins check
 * again), records forwarded here are on time at the joins. Event time is the record's timestamp, assigned at the
 * source. Forwarded rows are cut to the declared input layout (see the constructor).
 */
@Internal
public final class LateDataRouter extends ProcessFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final String dataset;
    private final int arity;
    private final int keyPosition;
    private final long allowedLatenessMillis;
    private final OutputTag<Row> lateTag;

    /**
     * @param arity positions forwarded: longer rows (bronze in-flight rows with their transient {@code _raw},
     *     {@code _error}) are cut to this prefix, the layout silver declares for the input
     */
    public LateDataRouter(String dataset, int arity, int keyPosition, long allowedLatenessMillis) {
        this.dataset = dataset;
        this.arity = arity;
        this.keyPosition = keyPosition;
        this.allowedLatenessMillis = allowedLatenessMillis;
        this.lateTag = LateRecords.tag(dataset);
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<Row> out) {
        Long ts = ctx.timestamp();
        long wm = ctx.timerService().currentWatermark();
        if (ts != null && LateRecords.isLate(ts, wm, allowedLatenessMillis)) {
            ctx.output(lateTag, LateRecords.toRow(dataset, ts, wm, allowedLatenessMillis,
                    String.valueOf(row.getField(keyPosition)), row));
            return;
        }
        out.collect(row.getArity() > arity ? prefix(row) : row);
    }

    private Row prefix(Row row) {
        Row r = new Row(row.getKind(), arity);
        for (int i = 0; i < arity; i++) {
            r.setField(i, row.getField(i));
        }
        return r;
    }
}
