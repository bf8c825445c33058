package dev.tributary.jobs.cli;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.File;
import java.time.Duration;

/**
 * The local MiniCluster of {@code demo} and {@code run --local}: Flink Web UI on 8081 or the next free
 * port, checkpoints on the local file system (the default JobManager storage caps state at 5 MB, which
 * dedupe and join state outgrow within seconds), and a short heartbeat so progress lines stay live
 * (accumulators reach the client with task heartbeats).
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
        return StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
    }

    /** A per-run checkpoint folder under the system temp directory. */
    static File checkpointDir(String name) {
        return new File(System.getProperty("java.io.tmpdir"), "tributary-checkpoints/" + name + "-" + System.nanoTime());
    }
}
