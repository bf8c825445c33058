package dev.tributary.transforms.builtin;

import dev.tributary.transforms.api.DurableCounter;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

import java.time.Duration;

/**
 * Keeps the first record per key and drops later ones that arrive within {@code retention} of event time.
 *
 * <p>State is bounded by design, not by TTL: each key's "seen" flag is cleared by an event-time timer
 * at {@code max(event time, watermark) + retention}, so state holds only keys seen within the retention
 * horizon. A processing-time TTL of {@code ttlBackstop} guards against a stalled watermark.
 * A duplicate arriving after the horizon lands again; size {@code retention} to cover how long a
 * producer may re-send (the reference pipeline uses one hour).
 *
 * <p>Dropped duplicates are counted in a {@link DurableCounter} ({@code <counterPrefix>.duplicates}) so
 * accounting survives failover. Works in STREAMING and BATCH mode (in BATCH the watermark jumps to the
 * end, so all records of a key are compared).
 *
 * @deprecated use {@link DeduplicateOperator}: the same semantics without the TTL wrapper on the hot path, with a
 *     BATCH path that needs no state backend, and it restores savepoints taken with this function's state layout.
 */
@Deprecated
@PublicEvolving
public class DeduplicateFunction extends KeyedProcessFunction<String, Row, Row> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final int eventTimePosition;
    private final long retentionMillis;
    private final Duration ttlBackstop;
    private final DurableCounter duplicates;
    private transient ValueState<Boolean> seen;

    public DeduplicateFunction(int eventTimePosition, Duration retention, Duration ttlBackstop, String counterPrefix) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("dedupe retention must be positive, found " + retention);
        }
        this.eventTimePosition = eventTimePosition;
        this.retentionMillis = retention.toMillis();
        this.ttlBackstop = ttlBackstop;
        this.duplicates = new DurableCounter(counterPrefix + ".duplicates", "duplicates");
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Boolean> d = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
        if (ttlBackstop != null) {
            d.enableTimeToLive(StateTtlConfig.newBuilder(ttlBackstop).build());
        }
        seen = getRuntimeContext().getState(d);
        duplicates.open(getRuntimeContext(), getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<Row> out) throws Exception {
        if (seen.value() != null) {
            duplicates.inc();
            return;
        }
        seen.update(Boolean.TRUE);
        long ts = ctx.timestamp() != null ? ctx.timestamp() : Long.MIN_VALUE;
        long base = Math.max(ts, ctx.timerService().currentWatermark());
        long cleanupAt = base >= Long.MAX_VALUE - retentionMillis ? Long.MAX_VALUE : base + retentionMillis;
        ctx.timerService().registerEventTimeTimer(cleanupAt);
        out.collect(row);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) {
        seen.clear();
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        duplicates.snapshot();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        duplicates.initialize(context);
    }

    /** Position of the event-time column (kept for diagnostics; the timer uses the record timestamp). */
    public int eventTimePosition() {
        return eventTimePosition;
    }
}
