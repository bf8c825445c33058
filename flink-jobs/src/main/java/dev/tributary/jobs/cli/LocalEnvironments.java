package dev.tributary.jobs.cli;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.File;
import java.time.Duration;

/**
 * The local MiniCluster of {@code demo} and {@code run --local}: Flink Web UI on 8081 or the next free
 * port, checkpoints on the local file system (the default JobManager storage caps state at 5 MB, which
 * dedupe and join state outgrow within seconds), and a short heartbeat so progress lines stay live
 * (accumulators reach the client with task heartbeats).
 *
 * <p>Every local run gets a bounded restart strategy ({@link #boundedRestarts}): with checkpointing
 * on and nothing configured, Flink restarts a failing job forever, so an unwritable lake or a missing
 * input looped with a stack trace per attempt and the CLI never returned. Cluster runs keep the
 * cluster's configured strategy.
 */
@Internal
final class LocalEnvironments {

    private LocalEnvironments() {}

    static StreamExecutionEnvironment withWebUi(File checkpointDir) {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "8081-8099");
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(1));
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(64));
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.getAbsoluteFile().toURI().toString());
        boundedRestarts(conf);
        return StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
    }

    /** A per-run checkpoint folder under the system temp directory. */
    static File checkpointDir(String name) {
        return new File(System.getProperty("java.io.tmpdir"), "tributary-checkpoints/" + name + "-" + System.nanoTime());
    }

    /** Restart attempts of a local run before the job fails (the backoff doubles from 1 s: 1, 2, 4 s). */
    static final int LOCAL_RESTART_ATTEMPTS = 3;

    /**
     * A bounded strategy for local runs: exponential delay, {@value #LOCAL_RESTART_ATTEMPTS} attempts, the
     * count reset after a minute without failure (a transient hiccup in a long run is still survived,
     * a repeatable failure ends the job in about 7 s).
     */
    static Configuration boundedRestarts(Configuration conf) {
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofSeconds(4));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR, 0.0);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD, Duration.ofMinutes(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, LOCAL_RESTART_ATTEMPTS);
        return conf;
    }

    /**
     * Whether jobs of this environment run in this JVM (an embedded MiniCluster: {@code --local}, a plain
     * {@code java -cp} start, tests) rather than on a cluster ({@code flink run}, REST, application mode).
     */
    static boolean runsInThisJvm(StreamExecutionEnvironment env) {
        String target = env.getConfiguration().get(DeploymentOptions.TARGET);
        return target == null || "local".equals(target) || "minicluster".equals(target);
    }
}
