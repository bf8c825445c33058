package dev.tributary.quality.internal;

import dev.tributary.quality.builtin.ReferentialRule;
import dev.tributary.quality.builtin.Values;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates one {@link ReferentialRule}: input 1 is the checked dataset (children), input 2 the
 * reference dataset (parents), both keyed by the referenced key.
 *
 * <pre>
 *  child ──► parent seen? ── yes ──► pass
 *                 │ no
 *                 ▼
 *        hold under deadline = child time + grace, event-time timer at deadline
 *                 │
 *   parent arrives ──► release every held child (pass), delete their timers
 *   timer fires    ──► held children at that deadline fail (missing parent)
 * </pre>
 *
 * <p>A parent key is remembered for the rule's parent retention (cleared by an event-time timer)
 * or, without one, for the life of the job. In BATCH mode all of a key's records are seen before
 * its timers fire, so a child passes if its parent exists at all, whatever the grace.
 */
@Internal
public final class ReferentialFunction extends KeyedCoProcessFunction<
        String, Tuple3<Row, String[], String[]>, Row, Tuple3<Row, String[], String[]>> {
    private static final long serialVersionUID = 1L;

    private final ReferentialRule rule;
    private final TypeInformation<Tuple3<Row, String[], String[]>> envelopeType;
    private final long graceMillis;
    private final long retentionMillis;

    private transient ValueState<Long> parentExpiry;
    private transient MapState<Long, List<Tuple3<Row, String[], String[]>>> held;

    public ReferentialFunction(ReferentialRule rule, TypeInformation<Tuple3<Row, String[], String[]>> envelopeType) {
        this.rule = rule;
        this.envelopeType = envelopeType;
        this.graceMillis = rule.grace().toMillis();
        this.retentionMillis = rule.parentRetention() == null ? -1 : rule.parentRetention().toMillis();
    }

    /** Keys children by the rule's column. Null keys map to a key that always passes. */
    public static KeySelector<Tuple3<Row, String[], String[]>, String> childKey(ReferentialRule rule) {
        return new ChildKey(rule);
    }

    /** Keys parents by the reference column at {@code position} of the reference rows. */
    public static KeySelector<Row, String> parentKey(int position) {
        return new ParentKey(position);
    }

    @Override
    public void open(OpenContext openContext) {
        parentExpiry = getRuntimeContext().getState(
                new ValueStateDescriptor<>("referential-" + rule.name() + "-parent", Types.LONG));
        held = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "referential-" + rule.name() + "-held", Types.LONG, new ListTypeInfo<>(envelopeType)));
    }

    @Override
    public void processElement1(
            Tuple3<Row, String[], String[]> child, Context ctx, Collector<Tuple3<Row, String[], String[]>> out)
            throws Exception {
        if (UniqueFunction.NULL_KEY.equals(ctx.getCurrentKey()) || parentExpiry.value() != null) {
            out.collect(child);
            return;
        }
        Long ts = ctx.timestamp();
        if (ts == null) {
            throw new IllegalStateException("Referential rule '" + rule.name() + "' of dataset '" + rule.dataset()
                    + "' needs event-time timestamps: assign a WatermarkStrategy with a timestamp assigner at the source");
        }
        long deadline = saturatedAdd(ts, graceMillis);
        if (deadline <= ctx.timerService().currentWatermark()) {
            // Every parent up to the deadline has arrived already, and none matched.
            out.collect(Checked.withViolation(child, rule.name(), rule.missingParentMessage()));
            return;
        }
        List<Tuple3<Row, String[], String[]>> waiting = held.get(deadline);
        if (waiting == null) {
            waiting = new ArrayList<>(1);
            ctx.timerService().registerEventTimeTimer(deadline);
        }
        waiting.add(child);
        held.put(deadline, waiting);
    }

    @Override
    public void processElement2(Row parent, Context ctx, Collector<Tuple3<Row, String[], String[]>> out)
            throws Exception {
        if (UniqueFunction.NULL_KEY.equals(ctx.getCurrentKey())) {
            return;
        }
        long expiry = Long.MAX_VALUE;
        if (retentionMillis > 0) {
            Long ts = ctx.timestamp();
            if (ts == null) {
                throw new IllegalStateException("Referential rule '" + rule.name() + "' has a parent retention and "
                        + "needs event-time timestamps on reference dataset '" + rule.referenceDataset() + "'");
            }
            expiry = saturatedAdd(ts, retentionMillis);
            Long previous = parentExpiry.value();
            if (previous != null && previous >= expiry) {
                expiry = previous;
            } else {
                if (previous != null) {
                    ctx.timerService().deleteEventTimeTimer(previous);
                }
                ctx.timerService().registerEventTimeTimer(expiry);
            }
        }
        parentExpiry.update(expiry);
        for (Long deadline : held.keys()) {
            for (Tuple3<Row, String[], String[]> child : held.get(deadline)) {
                out.collect(child);
            }
            ctx.timerService().deleteEventTimeTimer(deadline);
        }
        held.clear();
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Tuple3<Row, String[], String[]>> out)
            throws Exception {
        List<Tuple3<Row, String[], String[]>> expired = held.get(timestamp);
        if (expired != null) {
            for (Tuple3<Row, String[], String[]> child : expired) {
                out.collect(Checked.withViolation(child, rule.name(), rule.missingParentMessage()));
            }
            held.remove(timestamp);
        }
        Long expiry = parentExpiry.value();
        if (expiry != null && expiry <= timestamp) {
            parentExpiry.clear();
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static final class ChildKey implements KeySelector<Tuple3<Row, String[], String[]>, String> {
        private static final long serialVersionUID = 1L;
        private final ReferentialRule rule;

        ChildKey(ReferentialRule rule) {
            this.rule = rule;
        }

        @Override
        public String getKey(Tuple3<Row, String[], String[]> in) {
            String key = rule.key(in.f0);
            return key == null ? UniqueFunction.NULL_KEY : key;
        }
    }

    private static final class ParentKey implements KeySelector<Row, String> {
        private static final long serialVersionUID = 1L;
        private final int position;

        ParentKey(int position) {
            this.position = position;
        }

        @Override
        public String getKey(Row parent) {
            Object v = parent.getField(position);
            return v == null ? UniqueFunction.NULL_KEY : Values.keyPart(v);
        }
    }
}
