package dev.tributary.quality.internal;

import dev.tributary.quality.builtin.UniqueRule;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Evaluates one {@link UniqueRule}, keyed by the rule's key. Keeps, per key, the start of each
 * tumbling window in which the key was seen; an event-time timer at the window's last millisecond
 * removes it, so state returns to zero once the watermark passes every window.
 *
 * <p>A record whose window has already been closed by the watermark (late) passes without touching
 * state: its window's keys are gone, and keeping them longer is what allowed lateness would be for.
 */
@Internal
public final class UniqueFunction
        extends KeyedProcessFunction<String, Tuple3<Row, String[], String[]>, Tuple3<Row, String[], String[]>> {
    private static final long serialVersionUID = 1L;

    /** Key of records with a null key column: they pass without state. */
    static final String NULL_KEY = "\u0000";

    private final UniqueRule rule;
    private transient MapState<Long, Boolean> seenWindows;

    public UniqueFunction(UniqueRule rule) {
        this.rule = rule;
    }

    /** Keys envelopes by the rule's key. */
    public static KeySelector<Tuple3<Row, String[], String[]>, String> keySelector(UniqueRule rule) {
        return new RuleKeySelector(rule);
    }

    @Override
    public void open(OpenContext openContext) {
        seenWindows = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("unique-" + rule.name() + "-windows", Types.LONG, Types.BOOLEAN));
    }

    @Override
    public void processElement(
            Tuple3<Row, String[], String[]> in, Context ctx, Collector<Tuple3<Row, String[], String[]>> out)
            throws Exception {
        if (NULL_KEY.equals(ctx.getCurrentKey())) {
            out.collect(in);
            return;
        }
        Long ts = ctx.timestamp();
        if (ts == null) {
            throw new IllegalStateException("Unique rule '" + rule.name() + "' of dataset '" + rule.dataset()
                    + "' needs event-time timestamps: assign a WatermarkStrategy with a timestamp assigner at the source");
        }
        long windowStart = rule.windowStart(ts);
        long windowEnd = rule.windowMaxTimestamp(windowStart);
        if (windowEnd <= ctx.timerService().currentWatermark()) {
            out.collect(in); // late: the window's keys were already dropped
            return;
        }
        if (seenWindows.contains(windowStart)) {
            out.collect(Checked.withViolation(in, rule.name(), rule.duplicateMessage()));
        } else {
            seenWindows.put(windowStart, Boolean.TRUE);
            ctx.timerService().registerEventTimeTimer(windowEnd);
            out.collect(in);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Tuple3<Row, String[], String[]>> out)
            throws Exception {
        seenWindows.remove(rule.windowStart(timestamp));
    }

    /** The rule's key, or {@link #NULL_KEY}. Serializable and capturing only the rule. */
    private static final class RuleKeySelector implements KeySelector<Tuple3<Row, String[], String[]>, String> {
        private static final long serialVersionUID = 1L;
        private final UniqueRule rule;

        RuleKeySelector(UniqueRule rule) {
            this.rule = rule;
        }

        @Override
        public String getKey(Tuple3<Row, String[], String[]> in) {
            String key = rule.key(in.f0);
            return key == null ? NULL_KEY : key;
        }
    }
}
