package dev.tributary.benchmarks.jmh;

import dev.tributary.transforms.api.DurableCounter;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Row;

import java.time.Duration;

/**
 * The "before" of the dedupe benchmark: the STREAMING path of {@code DeduplicateOperator}'s state layout 2 (main
 * at 5d774e7, session 4), kept verbatim so before and after run in the same build: a {@code ValueState<Boolean>}
 * per key and one event-time timer per key at its horizon.
 */
public final class DedupeLayout2 extends AbstractStreamOperator<Row>
        implements OneInputStreamOperator<Row, Row>, Triggerable<String, VoidNamespace> {
    private static final long serialVersionUID = 1L;

    private final long retentionMillis;
    private final DurableCounter duplicates;
    private transient ValueState<Boolean> seen;
    private transient InternalTimerService<VoidNamespace> timers;

    public DedupeLayout2(Duration retention, String counterPrefix) {
        this.retentionMillis = retention.toMillis();
        this.duplicates = new DurableCounter(counterPrefix + ".duplicates", "duplicates");
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        duplicates.initialize(context);
        seen = getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                new ValueStateDescriptor<>("dedupe-seen", Types.BOOLEAN));
    }

    @Override
    public void open() throws Exception {
        super.open();
        duplicates.open(getRuntimeContext(), getMetricGroup());
        timers = getInternalTimerService("user-timers", VoidNamespaceSerializer.INSTANCE, this);
    }

    @Override
    public void processElement(StreamRecord<Row> element) throws Exception {
        if (seen.value() != null) {
            duplicates.inc();
            return;
        }
        seen.update(Boolean.TRUE);
        long ts = element.hasTimestamp() ? element.getTimestamp() : Long.MIN_VALUE;
        long base = Math.max(ts, timers.currentWatermark());
        long cleanupAt = base >= Long.MAX_VALUE - retentionMillis ? Long.MAX_VALUE : base + retentionMillis;
        timers.registerEventTimeTimer(VoidNamespace.INSTANCE, cleanupAt);
        output.collect(element);
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) {
        seen.clear();
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {}
}
