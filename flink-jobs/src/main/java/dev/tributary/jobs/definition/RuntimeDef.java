package dev.tributary.jobs.definition;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.RuntimeExecutionMode;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

import static org.apache.flink.util.Preconditions.checkNotNull;

/** How the job runs: STREAMING or BATCH, checkpoint interval, parallelism (0 = the environment's default). */
@PublicEvolving
public final class RuntimeDef implements Serializable {
    private static final long serialVersionUID = 1L;

    private final RuntimeExecutionMode mode;
    private final Duration checkpointInterval;
    private final int parallelism;

    public RuntimeDef(RuntimeExecutionMode mode, Duration checkpointInterval, int parallelism) {
        this.mode = checkNotNull(mode, "mode");
        this.checkpointInterval = checkNotNull(checkpointInterval, "checkpointInterval");
        this.parallelism = parallelism;
    }

    public static RuntimeDef defaults() {
        return new RuntimeDef(RuntimeExecutionMode.STREAMING, Duration.ofSeconds(10), 0);
    }

    public RuntimeExecutionMode mode() {
        return mode;
    }

    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    public int parallelism() {
        return parallelism;
    }

    public RuntimeDef withParallelism(int p) {
        return new RuntimeDef(mode, checkpointInterval, p);
    }

    public RuntimeDef withCheckpointInterval(Duration interval) {
        return new RuntimeDef(mode, interval, parallelism);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuntimeDef && mode == ((RuntimeDef) o).mode
                && checkpointInterval.equals(((RuntimeDef) o).checkpointInterval)
                && parallelism == ((RuntimeDef) o).parallelism;
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, checkpointInterval, parallelism);
    }

    @Override
    public String toString() {
        return "RuntimeDef{" + mode + ", checkpoint " + checkpointInterval + ", parallelism " + parallelism + "}";
    }
}
