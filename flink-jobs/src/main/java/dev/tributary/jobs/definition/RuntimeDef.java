package dev.tributary.jobs.definition;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.RuntimeExecutionMode;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * How the job runs: STREAMING or BATCH, checkpoint interval, parallelism (0 = the environment's default),
 * and where its checkpoints and savepoints live ({@code null} = {@code <lake root>/_tributary/state/<pipeline>}).
 */
@PublicEvolving
public final class RuntimeDef implements Serializable {
    private static final long serialVersionUID = 1L;

    private final RuntimeExecutionMode mode;
    private final Duration checkpointInterval;
    private final int parallelism;
    @Nullable private final String state;

    public RuntimeDef(RuntimeExecutionMode mode, Duration checkpointInterval, int parallelism) {
        this(mode, checkpointInterval, parallelism, null);
    }

    public RuntimeDef(RuntimeExecutionMode mode, Duration checkpointInterval, int parallelism, @Nullable String state) {
        this.mode = checkNotNull(mode, "mode");
        this.checkpointInterval = checkNotNull(checkpointInterval, "checkpointInterval");
        this.parallelism = parallelism;
        this.state = state;
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

    /**
     * The durable state location (path or URI) for checkpoints and savepoints, shared by every run of the
     * pipeline; {@code null} means {@code <lake root>/_tributary/state/<pipeline>}.
     */
    @Nullable
    public String state() {
        return state;
    }

    public RuntimeDef withParallelism(int p) {
        return new RuntimeDef(mode, checkpointInterval, p, state);
    }

    public RuntimeDef withCheckpointInterval(Duration interval) {
        return new RuntimeDef(mode, interval, parallelism, state);
    }

    public RuntimeDef withState(@Nullable String location) {
        return new RuntimeDef(mode, checkpointInterval, parallelism, location);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuntimeDef && mode == ((RuntimeDef) o).mode
                && checkpointInterval.equals(((RuntimeDef) o).checkpointInterval)
                && parallelism == ((RuntimeDef) o).parallelism && Objects.equals(state, ((RuntimeDef) o).state);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, checkpointInterval, parallelism, state);
    }

    @Override
    public String toString() {
        return "RuntimeDef{" + mode + ", checkpoint " + checkpointInterval + ", parallelism " + parallelism + (state == null ? "" : ", state " + state) + "}";
    }
}
