package dev.tributary.jobs.silver;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Event-time interval join of an order (key {@code order_id}) with its payments whose {@code payment_ts} lies in
 * {@code [order_ts + lower, order_ts + upper]} (both ends inclusive). Emits exactly one row per order, in
 * {@link SilverSchemas#ORDERS_ENRICHED_SCHEMA} layout with the customer columns still null, from the
 * event-time timer at {@code order_ts + max(upper + paymentsLateness, ordersLateness)}: then no payment that could
 * still match can arrive without being too late. An order with no captured payment in the interval is emitted unpaid.
 *
 * <p>State is bounded by timers, not TTL: the order and every buffered payment of the key are cleared when the
 * order is emitted; a payment with no order yet is kept until {@code payment_ts - lower + ordersLateness}
 * (after that any order it could match would be too late) and then dropped. Too-late records (see
 * {@link LateRecords}) go to the side outputs {@code late-orders} / {@code late-payments}. A second order with an
 * already buffered {@code order_id} (a duplicate bronze did not catch) is ignored.
 *
 * <p>Input positions are those of the reference schemas' landed bronze rows; see the constructor.
 */
@Internal
public final class OrderPaymentJoinFunction extends KeyedCoProcessFunction<String, Row, Row, Row> {
    private static final long serialVersionUID = 1L;

    static final String CAPTURED = "captured";
    static final String FAILED = "failed";

    private final int orderTsPos;
    private final int paymentTsPos;
    private final int paymentAmountPos;
    private final int paymentStatusPos;
    private final long lowerMillis;
    private final long upperMillis;
    private final long ordersLatenessMillis;
    private final long paymentsLatenessMillis;
    private final RowTypeInfo orderType;
    private final RowTypeInfo paymentType;
    private final String ordersName;
    private final String paymentsName;

    private transient ValueState<Row> order;
    private transient ListState<Row> payments;

    /**
     * @param orderType landed order rows; event time at {@code orderTsPos}
     * @param paymentType landed payment rows; event time, amount and status at the given positions
     */
    public OrderPaymentJoinFunction(
            String ordersName, RowTypeInfo orderType, int orderTsPos, long ordersLatenessMillis,
            String paymentsName, RowTypeInfo paymentType, int paymentTsPos, int paymentAmountPos, int paymentStatusPos,
            long paymentsLatenessMillis, long lowerMillis, long upperMillis) {
        if (lowerMillis > upperMillis) {
            throw new IllegalArgumentException("payment interval lower bound " + lowerMillis + "ms is after upper bound " + upperMillis + "ms");
        }
        this.ordersName = ordersName;
        this.orderType = orderType;
        this.orderTsPos = orderTsPos;
        this.ordersLatenessMillis = ordersLatenessMillis;
        this.paymentsName = paymentsName;
        this.paymentType = paymentType;
        this.paymentTsPos = paymentTsPos;
        this.paymentAmountPos = paymentAmountPos;
        this.paymentStatusPos = paymentStatusPos;
        this.paymentsLatenessMillis = paymentsLatenessMillis;
        this.lowerMillis = lowerMillis;
        this.upperMillis = upperMillis;
    }

    /**
     * How long after {@code order_ts} (in watermark time) the row for an order is emitted: once no payment that
     * could match can still arrive ({@code upper + payments' lateness}), and never before an order could still
     * arrive on time itself ({@code orders' lateness}).
     */
    public long emissionDelayMillis() {
        return Math.max(0, Math.max(upperMillis + paymentsLatenessMillis, ordersLatenessMillis));
    }

    @Override
    public void open(OpenContext openContext) {
        order = getRuntimeContext().getState(new ValueStateDescriptor<>("order", orderType));
        payments = getRuntimeContext().getListState(new ListStateDescriptor<>("payments", paymentType));
    }

    @Override
    public void processElement1(Row o, Context ctx, Collector<Row> out) throws Exception {
        long ts = millis(o, orderTsPos);
        long wm = ctx.timerService().currentWatermark();
        if (LateRecords.isLate(ts, wm, ordersLatenessMillis)) {
            ctx.output(LateRecords.tag(ordersName), LateRecords.toRow(ordersName, ts, wm, ordersLatenessMillis, ctx.getCurrentKey(), o));
            return;
        }
        if (order.value() != null) {
            return;
        }
        order.update(o);
        ctx.timerService().registerEventTimeTimer(closeTime(ts));
    }

    @Override
    public void processElement2(Row p, Context ctx, Collector<Row> out) throws Exception {
        long ts = millis(p, paymentTsPos);
        long wm = ctx.timerService().currentWatermark();
        if (LateRecords.isLate(ts, wm, paymentsLatenessMillis)) {
            ctx.output(LateRecords.tag(paymentsName), LateRecords.toRow(paymentsName, ts, wm, paymentsLatenessMillis, ctx.getCurrentKey(), p));
            return;
        }
        payments.add(p);
        if (order.value() == null) {
            ctx.timerService().registerEventTimeTimer(expiry(ts));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) throws Exception {
        Row o = order.value();
        if (o != null) {
            long orderTs = millis(o, orderTsPos);
            if (timestamp >= closeTime(orderTs)) {
                out.collect(enrich(o, orderTs));
                order.clear();
                payments.clear();
            }
            return;
        }
        // No order: drop the payments no order can match any more.
        List<Row> keep = new ArrayList<>();
        for (Row p : payments.get()) {
            if (expiry(millis(p, paymentTsPos)) > timestamp) {
                keep.add(p);
            }
        }
        if (keep.isEmpty()) {
            payments.clear();
        } else {
            payments.update(keep);
        }
    }

    private Row enrich(Row o, long orderTs) throws Exception {
        int count = 0;
        int failed = 0;
        BigDecimal paid = BigDecimal.ZERO.setScale(2);
        Instant first = null;
        for (Row p : payments.get()) {
            long pts = millis(p, paymentTsPos);
            if (pts < orderTs + lowerMillis || pts > orderTs + upperMillis) {
                continue;
            }
            count++;
            String status = (String) p.getField(paymentStatusPos);
            if (FAILED.equals(status)) {
                failed++;
            } else if (CAPTURED.equals(status)) {
                paid = paid.add((BigDecimal) p.getField(paymentAmountPos));
                Instant at = Instant.ofEpochMilli(pts);
                if (first == null || at.isBefore(first)) {
                    first = at;
                }
            }
        }
        Row r = SilverSchemas.ORDERS_ENRICHED_SCHEMA.newRow();
        for (int i = 0; i < SilverSchemas.ORDER_ARITY; i++) {
            r.setField(i, o.getField(i));
        }
        r.setField(SilverSchemas.PAID, first != null);
        r.setField(SilverSchemas.PAYMENT_COUNT, count);
        r.setField(SilverSchemas.FAILED_PAYMENT_COUNT, failed);
        r.setField(SilverSchemas.PAID_AMOUNT, paid);
        r.setField(SilverSchemas.FIRST_PAYMENT_TS, first);
        return r;
    }

    private long closeTime(long orderTs) {
        return LateRecords.plus(orderTs, emissionDelayMillis());
    }

    private long expiry(long paymentTs) {
        return LateRecords.plus(paymentTs, ordersLatenessMillis - lowerMillis);
    }

    private static long millis(Row r, int pos) {
        return ((Instant) r.getField(pos)).toEpochMilli();
    }
}
