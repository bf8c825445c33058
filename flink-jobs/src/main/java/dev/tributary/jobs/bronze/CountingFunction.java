package dev.tributary.jobs.bronze;

import dev.tributary.transforms.api.DurableCounter;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Pass-through that counts records in a {@link DurableCounter} (checkpointed), placed right before a
 * sink so "landed" and "quarantined" counts agree with what the sink commits on the same checkpoint.
 */
@Internal
public final class CountingFunction<T> extends ProcessFunction<T, T> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final DurableCounter counter;

    public CountingFunction(String accumulatorName, String metricName) {
        this.counter = new DurableCounter(accumulatorName, metricName);
    }

    @Override
    public void open(OpenContext openContext) {
        counter.open(getRuntimeContext(), getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(T value, Context ctx, Collector<T> out) {
        counter.inc();
        out.collect(value);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        counter.snapshot();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        counter.initialize(context);
    }
}
