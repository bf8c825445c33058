package dev.tributary.benchmarks;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.executiongraph.ArchivedExecutionGraph;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one job graph on a MiniCluster this class owns, so that the harness can read the finished job's
 * checkpoint history (state size over the run) and measure only the job, not cluster start-up.
 */
final class ClusterRun {

    /** One completed checkpoint: when (fraction of the job's running time) and how big. */
    static final class Checkpoint {
        final double at;
        final long stateSize;
        /** State size per job vertex (operator chain), by vertex name. */
        final Map<String, Long> byVertex;

        Checkpoint(double at, long stateSize, Map<String, Long> byVertex) {
            this.at = at;
            this.stateSize = stateSize;
            this.byVertex = byVertex;
        }
    }

    final Configuration conf;
    final int parallelism;
    JobExecutionResult result;
    final List<Checkpoint> checkpoints = new ArrayList<>();
    /** Set for unbounded (aligned) runs: the number of events after which the job is drained and stopped. */
    long stopWhenIn;
    private Path checkpointDir;

    private ClusterRun(Configuration conf, int parallelism) {
        this.conf = conf;
        this.parallelism = parallelism;
    }

    /** The configuration every variant shares; {@code rocksdb} selects the RocksDB state backend. */
    static ClusterRun create(int parallelism, boolean rocksdb, Path checkpointDir) {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(256));
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(WebOptions.CHECKPOINTS_HISTORY_SIZE, 100_000);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
        conf.set(StateBackendOptions.STATE_BACKEND, rocksdb ? "rocksdb" : "hashmap");
        // A failing variant must fail its run, not restart forever.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        // One file split per reader: source-level alignment paces it (the file reader cannot pause single splits).
        conf.setString("pipeline.watermark-alignment.allow-unaligned-source-splits", "true");
        ClusterRun run = new ClusterRun(conf, parallelism);
        run.checkpointDir = checkpointDir;
        return run;
    }

    StreamExecutionEnvironment environment() {
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }

    /** Submits the environment's job, waits for it, and fails if the job failed. */
    void execute(StreamExecutionEnvironment env, Runnable onSubmit, Runnable onDone) throws Exception {
        JobGraph graph = env.getStreamGraph().getJobGraph();
        MiniClusterConfiguration mc = new MiniClusterConfiguration.Builder()
                .setConfiguration(conf).setNumTaskManagers(1).setNumSlotsPerTaskManager(parallelism).build();
        try (MiniCluster cluster = new MiniCluster(mc)) {
            cluster.start();
            onSubmit.run();
            JobID id = cluster.submitJob(graph).get().getJobID();
            if (stopWhenIn > 0) {
                drainOnceAllEventsEntered(cluster, id);
            }
            JobResult r = cluster.requestJobResult(id).get();
            onDone.run();
            result = r.toJobExecutionResult(Thread.currentThread().getContextClassLoader());
            ArchivedExecutionGraph g = cluster.getArchivedExecutionGraph(id).get();
            long start = g.getStatusTimestamp(JobStatus.RUNNING);
            long end = g.getStatusTimestamp(JobStatus.FINISHED);
            if (g.getCheckpointStatsSnapshot() != null) {
                for (AbstractCheckpointStats s : g.getCheckpointStatsSnapshot().getHistory().getCheckpoints()) {
                    if (s instanceof CompletedCheckpointStats) {
                        double at = end > start ? (s.getTriggerTimestamp() - start) / (double) (end - start) : 1.0;
                        Map<String, Long> byVertex = new java.util.TreeMap<>();
                        for (var t : s.getAllTaskStateStats()) {
                            var vertex = g.getJobVertex(t.getJobVertexId());
                            if (t.getStateSize() > 0) {
                                byVertex.merge(vertex == null ? t.getJobVertexId().toString() : vertex.getName(), t.getStateSize(), Long::sum);
                            }
                        }
                        checkpoints.add(new Checkpoint(at, s.getStateSize(), byVertex));
                    }
                }
            }
            checkpoints.sort((a, b) -> Double.compare(a.at, b.at));
        }
    }

    /** With unbounded sources: stop-with-savepoint, draining to the end of event time, once bronze took every event. */
    private void drainOnceAllEventsEntered(MiniCluster cluster, JobID id) throws Exception {
        while (true) {
            long in = 0;
            var graph = cluster.getExecutionGraph(id).get();
            if (graph.getState().isGloballyTerminalState()) {
                return;
            }
            for (var a : graph.getAccumulatorResultsStringified()) {
                if (a.getName().startsWith("bronze.") && a.getName().endsWith(".in")) {
                    in += Long.parseLong(a.getValue());
                }
            }
            if (in >= stopWhenIn) {
                break;
            }
            Thread.sleep(200); // polling the job's accumulators, not synchronising a test
        }
        cluster.stopWithSavepoint(id, checkpointDir.resolveSibling("savepoints").toUri().toString(), true,
                org.apache.flink.core.execution.SavepointFormatType.CANONICAL).get();
    }

    long counter(String name) {
        Object v = result.getAllAccumulatorResults().get(name);
        return v instanceof Number ? ((Number) v).longValue() : 0L;
    }

    Map<String, Object> accumulators() {
        return result.getAllAccumulatorResults();
    }
}
