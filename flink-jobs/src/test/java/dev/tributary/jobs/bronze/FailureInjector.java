package dev.tributary.jobs.bronze;

import org.apache.flink.api.common.accumulators.IntMaximum;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/**
 * Fails the job mid-stream: in each of the first {@code failures} attempts, subtask 0 throws on the
 * first record after a checkpoint of that attempt has completed, so every restart resumes from a real
 * checkpoint with records still in flight. Publishes the final attempt number ({@code test.attempt})
 * and how many subtasks restored state ({@code test.restored}), so a test can prove the failures
 * happened rather than assume it. No static state: the attempt number comes from the runtime.
 */
final class FailureInjector<T> extends RichMapFunction<T, T> implements CheckpointListener, CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final int failures;
    private transient int attempt;
    private transient boolean restored;
    private transient volatile boolean checkpointCompleted;

    FailureInjector(int failures) {
        this.failures = failures;
    }

    @Override
    public void open(OpenContext openContext) {
        attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
        IntMaximum attemptAcc = new IntMaximum(attempt);
        getRuntimeContext().addAccumulator("test.attempt", attemptAcc);
        LongCounter restoredAcc = new LongCounter(restored ? 1 : 0);
        getRuntimeContext().addAccumulator("test.restored", restoredAcc);
    }

    @Override
    public T map(T value) {
        if (checkpointCompleted && attempt < failures && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
            throw new IllegalStateException("injected failure in attempt " + attempt);
        }
        return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        checkpointCompleted = true;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {}

    @Override
    public void initializeState(FunctionInitializationContext context) {
        restored = context.isRestored();
    }
}
