package dev.tributary.quality.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.metrics.Counter;

/**
 * One count exported twice: as a Flink metric (live dashboards, reporters) and as an accumulator
 * (merged across subtasks and returned in the {@code JobExecutionResult} for the end-of-run
 * summary). A single object avoids double bookkeeping on the per-record path.
 */
@Internal
public final class QualityCounter extends LongCounter implements Counter {
    private static final long serialVersionUID = 1L;

    /** Must keep the class: the JobManager merges clones with the originals and rejects mixed types. */
    @Override
    public QualityCounter clone() {
        QualityCounter copy = new QualityCounter();
        copy.add(getLocalValuePrimitive());
        return copy;
    }

    @Override
    public void inc() {
        add(1L);
    }

    @Override
    public void inc(long n) {
        add(n);
    }

    @Override
    public void dec() {
        add(-1L);
    }

    @Override
    public void dec(long n) {
        add(-n);
    }

    @Override
    public long getCount() {
        return getLocalValuePrimitive();
    }
}
