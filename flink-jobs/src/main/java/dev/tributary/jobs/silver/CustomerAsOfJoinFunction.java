package dev.tributary.jobs.silver;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

import javax.annotation.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * As-of (temporal) join of enriched orders (key {@code customer_id}) with the customer's change stream: each
 * order gets the customer version valid at its {@code order_ts}, i.e. the version with the greatest
 * {@code valid_from <= order_ts} (a version is valid from its {@code valid_from} until the next version's). Not a
 * lookup of the current row: a change after the order never affects it.
 *
 * <p>An order is resolved once the watermark passes {@code order_ts + customersLateness} (all versions that can
 * still matter have arrived), immediately if it already has. Version state is pruned by timers: once the
 * horizon {@code watermark - max(customersLateness, orderDelay)} passes a version's {@code valid_from}, every older
 * version is dropped, because no pending order and no order still to come can need it (orders reach this operator
 * at most {@code orderDelay} behind its watermark, pending ones at most {@code customersLateness}). So a customer keeps exactly one version once
 * its changes are behind the watermark: dimension state is bounded by the number of customers, and pending
 * orders return to zero. A delete (op column {@code d}) is kept as a tombstone version (nulls). Versions too
 * late (see {@link LateRecords}) go to the side output {@code late-<customers>}.
 */
@Internal
public final class CustomerAsOfJoinFunction extends KeyedCoProcessFunction<String, Row, Row, Row> {
    private static final long serialVersionUID = 1L;

    private final String customersName;
    private final int validFromPos;
    private final int segmentPos;
    private final int countryPos;
    private final int opPos;
    private final long latenessMillis;
    private final long pruneDelayMillis;
    private final TypeInformation<Row> enrichedType;

    /** valid_from -> (segment, country); a tombstone has nulls. */
    private transient MapState<Long, Row> versions;
    /** order_ts -> orders waiting for the horizon to pass order_ts. */
    private transient MapState<Long, List<Row>> pending;

    /**
     * @param opPos position of a change-operation column ({@code c/u/r/d}), or -1 if the input has none
     * @param latenessMillis the customers' allowed lateness
     * @param orderDelayMillis how far behind this operator's watermark an order may still arrive on input 1 (the
     *     upstream interval join emits an order up to {@code upper + payments' lateness} after its event time)
     */
    public CustomerAsOfJoinFunction(String customersName, int validFromPos, int segmentPos, int countryPos, int opPos,
            long latenessMillis, long orderDelayMillis) {
        this.customersName = customersName;
        this.validFromPos = validFromPos;
        this.segmentPos = segmentPos;
        this.countryPos = countryPos;
        this.opPos = opPos;
        this.latenessMillis = latenessMillis;
        this.pruneDelayMillis = Math.max(latenessMillis, orderDelayMillis);
        this.enrichedType = SilverSchemas.ORDERS_ENRICHED_SCHEMA.rowTypeInfo();
    }

    @Override
    public void open(OpenContext openContext) {
        versions = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("versions", Types.LONG, Types.ROW(Types.STRING, Types.STRING)));
        pending = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("pending", Types.LONG, new ListTypeInfo<>(enrichedType)));
    }

    @Override
    public void processElement1(Row order, Context ctx, Collector<Row> out) throws Exception {
        long ts = ((Instant) order.getField(2)).toEpochMilli();
        long wm = ctx.timerService().currentWatermark();
        if (wm != Long.MIN_VALUE && LateRecords.plus(ts, latenessMillis) <= wm) {
            out.collect(resolve(order, ts));
            return;
        }
        List<Row> waiting = pending.get(ts);
        if (waiting == null) {
            waiting = new ArrayList<>();
            ctx.timerService().registerEventTimeTimer(LateRecords.plus(ts, latenessMillis));
        }
        waiting.add(order);
        pending.put(ts, waiting);
    }

    @Override
    public void processElement2(Row c, Context ctx, Collector<Row> out) throws Exception {
        long validFrom = ((Instant) c.getField(validFromPos)).toEpochMilli();
        long wm = ctx.timerService().currentWatermark();
        if (LateRecords.isLate(validFrom, wm, latenessMillis)) {
            ctx.output(LateRecords.tag(customersName),
                    LateRecords.toRow(customersName, validFrom, wm, latenessMillis, ctx.getCurrentKey(), c));
            return;
        }
        boolean delete = opPos >= 0 && "d".equals(c.getField(opPos));
        versions.put(validFrom, delete ? Row.of(null, null) : Row.of(c.getField(segmentPos), c.getField(countryPos)));
        ctx.timerService().registerEventTimeTimer(LateRecords.plus(validFrom, pruneDelayMillis));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) throws Exception {
        // The timer's own time, not currentWatermark(): at the end of input every timer sees MAX_VALUE.
        long orderTs = LateRecords.plus(timestamp, -latenessMillis);
        List<Row> waiting = pending.get(orderTs);
        if (waiting != null) {
            for (Row order : waiting) {
                out.collect(resolve(order, orderTs));
            }
            pending.remove(orderTs);
        }
        prune(LateRecords.plus(timestamp, -pruneDelayMillis));
    }

    private Row resolve(Row order, long orderTs) throws Exception {
        Map.Entry<Long, Row> v = versionAt(orderTs);
        if (v != null) {
            order.setField(SilverSchemas.CUSTOMER_SEGMENT, v.getValue().getField(0));
            order.setField(SilverSchemas.CUSTOMER_COUNTRY, v.getValue().getField(1));
            order.setField(SilverSchemas.CUSTOMER_VALID_FROM, Instant.ofEpochMilli(v.getKey()));
        }
        return order;
    }

    @Nullable
    private Map.Entry<Long, Row> versionAt(long ts) throws Exception {
        Map.Entry<Long, Row> best = null;
        for (Map.Entry<Long, Row> e : versions.entries()) {
            if (e.getKey() <= ts && (best == null || e.getKey() > best.getKey())) {
                best = e;
            }
        }
        return best;
    }

    /** Keeps the latest version at or before the horizon and everything after it. */
    private void prune(long horizon) throws Exception {
        Map.Entry<Long, Row> latest = versionAt(horizon);
        if (latest == null) {
            return;
        }
        List<Long> drop = new ArrayList<>();
        for (Long k : versions.keys()) {
            if (k < latest.getKey()) {
                drop.add(k);
            }
        }
        for (Long k : drop) {
            versions.remove(k);
        }
    }
}
