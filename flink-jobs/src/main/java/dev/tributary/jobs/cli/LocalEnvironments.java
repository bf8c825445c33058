package dev.tributary.jobs.cli;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

/**
 * The local MiniCluster of {@code demo} and {@code run --local}: Flink Web UI on 8081 or the next free
 * port (bound to 127.0.0.1), checkpoints in the pipeline's state location (see {@link PipelineState}: the
 * default JobManager storage caps state at 5 MB, which dedupe and join state outgrow within seconds, and
 * a restarted run resumes from them), and a short heartbeat so progress lines stay live (accumulators
 * reach the client with task heartbeats).
 *
 * <p>Flink's local temp files (the ~21 MB RPC jar it unpacks at every start, web and blob upload folders)
 * go to {@code $TMPDIR/tributary-<pid>}. Flink removes them on a clean exit; a killed run cannot, so each
 * start removes the folders of processes that no longer exist.
 *
 * <p>Every local run gets a bounded restart strategy ({@link #boundedRestarts}): with checkpointing
 * on and nothing configured, Flink restarts a failing job forever, so an unwritable lake or a missing
 * input looped with a stack trace per attempt and the CLI never returned. Cluster runs keep the
 * cluster's configured strategy.
 */
@Internal
public final class LocalEnvironments {

    static final String TMP_PREFIX = "tributary-";

    private LocalEnvironments() {}

    /** A local environment with the Web UI; {@code state} holds the state location's Flink settings. */
    public static StreamExecutionEnvironment withWebUi(Configuration state) {
        Configuration conf = new Configuration();
        int port = freeWebPort();
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_PORT, String.valueOf(port));
        conf.set(RestOptions.PORT, port);
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(1));
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(64));
        File tmp = processTempDir();
        conf.set(CoreOptions.TMP_DIRS, tmp.getPath());
        conf.set(WebOptions.TMP_DIR, tmp.getPath());
        conf.set(WebOptions.UPLOAD_DIR, new File(tmp, "web-upload").getPath());
        boundedRestarts(conf);
        conf.addAll(state);
        return StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
    }

    /** The REST address a local environment made by {@link #withWebUi} listens on. */
    static String restAddress(StreamExecutionEnvironment env) {
        return "http://127.0.0.1:" + env.getConfiguration().get(RestOptions.PORT);
    }

    /** 8081, or the next free port up to 8099 (then any free port). */
    static int freeWebPort() {
        for (int p = 8081; p <= 8099; p++) {
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                return p;
            } catch (IOException taken) {
                // try the next one
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free local port for the Flink Web UI", e);
        }
    }

    /** {@code $TMPDIR/tributary-<pid>}, after removing the folders of earlier processes that are gone. */
    static File processTempDir() {
        File base = new File(System.getProperty("java.io.tmpdir"));
        File[] siblings = base.listFiles((d, n) -> n.startsWith(TMP_PREFIX) && n.substring(TMP_PREFIX.length()).matches("\\d+"));
        long self = ProcessHandle.current().pid();
        if (siblings != null) {
            for (File f : siblings) {
                long pid = Long.parseLong(f.getName().substring(TMP_PREFIX.length()));
                if (pid != self && ProcessHandle.of(pid).isEmpty()) {
                    deleteRecursively(f);
                }
            }
        }
        File mine = new File(base, TMP_PREFIX + self);
        mine.mkdirs();
        return mine;
    }

    static void deleteRecursively(File f) {
        File[] children = f.listFiles();
        if (children != null) {
            for (File c : children) {
                deleteRecursively(c);
            }
        }
        f.delete();
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
