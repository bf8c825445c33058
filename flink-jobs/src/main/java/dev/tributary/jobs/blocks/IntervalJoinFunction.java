package dev.tributary.jobs.blocks;

import dev.tributary.jobs.state.WideningRowSerializer;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.ListSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

import javax.annotation.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Event-time interval join on a key of any columns: a left record at {@code t} matches the right records of its
 * key with event time in {@code [t + lower, t + upper]} (both ends inclusive). The result for a left record is
 * emitted once, by the event-time timer at {@code t + D}, {@code D = max(upper + right lateness, left lateness, 0)}:
 * then no right record that could match can still arrive on time. Output is either one row per left record
 * with declared aggregates over its matches, or one row per matched pair; a {@code left} join also emits
 * unmatched left records (aggregates over no rows, or null right columns), an {@code inner} join does not.
 *
 * <p>State is bounded by timers, not TTL: left records are cleared when emitted; a right record at {@code r}
 * is kept until {@code r - lower + D} (the emission time of the last left record it can match) and then
 * dropped. A key with a null column matches nothing (SQL semantics). Too-late records (see
 * {@link LateRecords}) go to the side outputs of their input.
 *
 * <p>Buffered records are kept with {@link WideningRowSerializer}s of their input's declared columns, so the
 * state restores after an input declared an added nullable column: records buffered before read it as null.
 */
@Internal
public final class IntervalJoinFunction extends KeyedCoProcessFunction<Row, Row, Row, Row> {
    private static final long serialVersionUID = 1L;

    private final LateRecords.Renderer leftLate;
    private final LateRecords.Renderer rightLate;
    private final RecordSchema leftSchema;
    private final RecordSchema rightSchema;
    private final int leftTime;
    private final int rightTime;
    private final long leftLateness;
    private final long rightLateness;
    private final long lower;
    private final long upper;
    private final boolean inner;
    private final int[] leftColumns;
    @Nullable private final Aggregator aggregator;
    private final int[] rightColumns;
    private final int outArity;

    private transient WideningRowSerializer leftRows;
    private transient WideningRowSerializer rightRows;
    private transient MapState<Long, List<Row>> lefts;
    private transient MapState<Long, List<Row>> rights;

    /**
     * @param aggregator null for one row per pair (then {@code rightColumns} are appended), else its results are
     */
    public IntervalJoinFunction(LateRecords.Renderer leftLate, LateRecords.Renderer rightLate, RecordSchema leftSchema,
            RecordSchema rightSchema, int leftTime, int rightTime, long leftLateness, long rightLateness, long lower, long upper,
            boolean inner, int[] leftColumns, @Nullable Aggregator aggregator, int[] rightColumns) {
        if (lower > upper) {
            throw new IllegalArgumentException("interval lower bound " + lower + "ms is after upper bound " + upper + "ms");
        }
        this.leftLate = leftLate;
        this.rightLate = rightLate;
        this.leftSchema = leftSchema;
        this.rightSchema = rightSchema;
        this.leftTime = leftTime;
        this.rightTime = rightTime;
        this.leftLateness = leftLateness;
        this.rightLateness = rightLateness;
        this.lower = lower;
        this.upper = upper;
        this.inner = inner;
        this.leftColumns = leftColumns;
        this.aggregator = aggregator;
        this.rightColumns = rightColumns;
        this.outArity = leftColumns.length + (aggregator != null ? aggregator.outputFields().size() : rightColumns.length);
    }

    /** How long after a left record's event time (in watermark time) its result is emitted. */
    public static long emissionDelay(long lower, long upper, long leftLateness, long rightLateness) {
        return Math.max(0, Math.max(LateRecords.plus(upper, rightLateness), leftLateness));
    }

    long delay() {
        return emissionDelay(lower, upper, leftLateness, rightLateness);
    }

    @Override
    public void open(OpenContext openContext) {
        leftRows = WideningRowSerializer.of(leftSchema, getRuntimeContext());
        rightRows = WideningRowSerializer.of(rightSchema, getRuntimeContext());
        lefts = WideningRowSerializer.register("interval join: left input '" + leftSchema.name() + "'", leftSchema,
                () -> getRuntimeContext().getMapState(
                        new MapStateDescriptor<>("left", LongSerializer.INSTANCE, new ListSerializer<>(leftRows))));
        rights = WideningRowSerializer.register("interval join: right input '" + rightSchema.name() + "'", rightSchema,
                () -> getRuntimeContext().getMapState(
                        new MapStateDescriptor<>("right", LongSerializer.INSTANCE, new ListSerializer<>(rightRows))));
    }

    @Override
    public void processElement1(Row l, Context ctx, Collector<Row> out) throws Exception {
        long ts = millis(l, leftTime);
        long wm = ctx.timerService().currentWatermark();
        if (LateRecords.isLate(ts, wm, leftLateness)) {
            ctx.output(leftLate.tag(), leftLate.toRow(ts, wm, leftLateness, KeyColumns.describe(ctx.getCurrentKey()), l));
            return;
        }
        if (KeyColumns.hasNull(ctx.getCurrentKey())) {
            // Matches nothing; emitting now is on time (the watermark is below ts + left lateness <= ts + D).
            emit(l, ts, List.of(), out);
            return;
        }
        add(lefts, ts, l);
        ctx.timerService().registerEventTimeTimer(LateRecords.plus(ts, delay()));
    }

    @Override
    public void processElement2(Row r, Context ctx, Collector<Row> out) throws Exception {
        long ts = millis(r, rightTime);
        long wm = ctx.timerService().currentWatermark();
        if (LateRecords.isLate(ts, wm, rightLateness)) {
            ctx.output(rightLate.tag(), rightLate.toRow(ts, wm, rightLateness, KeyColumns.describe(ctx.getCurrentKey()), r));
            return;
        }
        if (KeyColumns.hasNull(ctx.getCurrentKey())) {
            return;
        }
        add(rights, ts, r);
        ctx.timerService().registerEventTimeTimer(expiry(ts));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) throws Exception {
        // The timer's own time, not currentWatermark(): at the end of input every timer sees MAX_VALUE.
        long d = delay();
        List<Long> due = new ArrayList<>();
        for (Long t : lefts.keys()) {
            if (LateRecords.plus(t, d) <= timestamp) {
                due.add(t);
            }
        }
        for (Long t : due) {
            List<Row> matches = matches(t);
            for (Row l : lefts.get(t)) {
                // Heap state keeps rows as restored: ones buffered before a column was added are narrower.
                emit(leftRows.conform(l), t, matches, out);
            }
            lefts.remove(t);
        }
        List<Long> expired = new ArrayList<>();
        for (Long t : rights.keys()) {
            if (expiry(t) <= timestamp) {
                expired.add(t);
            }
        }
        for (Long t : expired) {
            rights.remove(t);
        }
    }

    private List<Row> matches(long t) throws Exception {
        long from = LateRecords.plus(t, lower);
        long to = LateRecords.plus(t, upper);
        List<Row> m = new ArrayList<>();
        for (Map.Entry<Long, List<Row>> e : rights.entries()) {
            if (e.getKey() >= from && e.getKey() <= to) {
                for (Row r : e.getValue()) {
                    m.add(rightRows.conform(r));
                }
            }
        }
        return m;
    }

    private void emit(Row l, long t, List<Row> matches, Collector<Row> out) {
        if (inner && matches.isEmpty()) {
            return;
        }
        if (aggregator != null) {
            Row acc = aggregator.create();
            for (Row r : matches) {
                aggregator.add(acc, r);
            }
            Row o = left(l);
            aggregator.result(acc, o, leftColumns.length);
            out.collect(o);
            return;
        }
        if (matches.isEmpty()) {
            out.collect(left(l));
            return;
        }
        for (Row r : matches) {
            Row o = left(l);
            for (int i = 0; i < rightColumns.length; i++) {
                o.setField(leftColumns.length + i, r.getField(rightColumns[i]));
            }
            out.collect(o);
        }
    }

    private Row left(Row l) {
        Row o = new Row(outArity);
        for (int i = 0; i < leftColumns.length; i++) {
            o.setField(i, l.getField(leftColumns[i]));
        }
        return o;
    }

    private long expiry(long rightTs) {
        return LateRecords.plus(LateRecords.plus(rightTs, -lower), delay());
    }

    private static void add(MapState<Long, List<Row>> state, long ts, Row row) throws Exception {
        List<Row> rows = state.get(ts);
        if (rows == null) {
            rows = new ArrayList<>(1);
        }
        rows.add(row);
        state.put(ts, rows);
    }

    private static long millis(Row r, int pos) {
        return ((Instant) r.getField(pos)).toEpochMilli();
    }
}
