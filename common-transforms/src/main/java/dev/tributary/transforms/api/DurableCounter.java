package dev.tributary.transforms.api;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;

import java.io.Serializable;
import java.util.List;

/**
 * A record counter that survives failover: its value is part of the operator's checkpointed state,
 * so after a restart from a checkpoint the count resumes from the value consistent with that checkpoint.
 * That keeps accounting exact ({@code in = landed + quarantined + dropped}) across failures, which
 * plain metrics and accumulators are not (they restart from zero with the task).
 *
 * <p>Exposed twice: as a Flink metric {@link Counter} (live progress in the Web UI / reporters) and as a
 * {@link LongCounter} accumulator named {@link #name()} (summed over subtasks in the job result, used by
 * the end-of-run summary). Use it from a function that implements {@code CheckpointedFunction}:
 * {@link #initialize} in {@code initializeState}, {@link #open} in {@code open}, {@link #snapshot} in
 * {@code snapshotState}.
 */
@PublicEvolving
public final class DurableCounter implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final String metricName;
    private transient ListState<Long> state;
    private transient long restored;
    private transient LongCounter accumulator;

    /**
     * @param name accumulator name, unique in the job, e.g. {@code bronze.readings.landed}
     * @param metricName name of the metric inside the operator's metric group, e.g. {@code landed}
     */
    public DurableCounter(String name, String metricName) {
        this.name = name;
        this.metricName = metricName;
    }

    public String name() {
        return name;
    }

    public void initialize(FunctionInitializationContext context) throws Exception {
        state = context.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>("counter:" + name, Types.LONG));
        long sum = 0;
        if (context.isRestored()) {
            for (Long v : state.get()) {
                sum += v;
            }
        }
        restored = sum;
    }

    public void open(RuntimeContext context, MetricGroup group) {
        accumulator = new LongCounter(restored);
        context.addAccumulator(name, accumulator);
        group.counter(metricName, new AccumulatorBackedCounter(accumulator));
    }

    public void inc() {
        accumulator.add(1L);
    }

    public void add(long n) {
        accumulator.add(n);
    }

    public long value() {
        return accumulator.getLocalValue();
    }

    public void snapshot() throws Exception {
        state.update(List.of(accumulator.getLocalValue()));
    }

    /** A metric view of the accumulator, so both always agree. */
    private static final class AccumulatorBackedCounter implements Counter {
        private final LongCounter acc;

        AccumulatorBackedCounter(LongCounter acc) {
            this.acc = acc;
        }

        @Override
        public void inc() {
            acc.add(1L);
        }

        @Override
        public void inc(long n) {
            acc.add(n);
        }

        @Override
        public void dec() {
            acc.add(-1L);
        }

        @Override
        public void dec(long n) {
            acc.add(-n);
        }

        @Override
        public long getCount() {
            return acc.getLocalValue();
        }
    }
}
