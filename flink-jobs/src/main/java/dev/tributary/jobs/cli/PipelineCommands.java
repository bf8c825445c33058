package dev.tributary.jobs.cli;

import dev.tributary.jobs.compose.PipelineComposer;
import dev.tributary.jobs.compose.PipelineLoader;
import dev.tributary.jobs.compose.PlanPrinter;
import dev.tributary.jobs.compose.ResolvedPipeline;
import dev.tributary.jobs.definition.PipelineDef;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.ops.ClusterJobs;
import dev.tributary.jobs.ops.LeaseHeartbeatSink;
import dev.tributary.jobs.ops.OutputGuard;
import dev.tributary.jobs.ops.WriteMode;
import dev.tributary.jobs.ops.WriterLease;
import dev.tributary.transforms.api.PiiKey;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.ExceptionUtils;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code validate}, {@code explain} and {@code run} over a pipeline definition.
 *
 * <ul>
 *   <li>{@code validate --pipeline P}: checks everything (structure, references, transforms, SQL) and
 *       starts nothing; exit 0 when valid, 2 with every problem on stderr.
 *   <li>{@code explain --pipeline P}: validates, then prints the resolved plan.
 *   <li>{@code run --pipeline P [--local] [--lake ROOT] [--parallelism N] [--detached] [--mode M]
 *       [--fresh | --from-savepoint PATH]}: resumes from the newest checkpoint or savepoint in the
 *       pipeline's {@link PipelineState} unless told otherwise; validates, builds
 *       the job and runs it on the execution environment of the context: the cluster when submitted with
 *       {@code flink run}, else an embedded MiniCluster ({@code --local} adds the Web UI).
 * </ul>
 */
@Internal
final class PipelineCommands {
    static final Set<String> VALIDATE_OPTIONS = Set.of("pipeline");
    static final Set<String> CHECK_OPTIONS = Set.of("pipeline", "definition-only");
    static final Set<String> CHECK_FLAGS = Set.of("definition-only");
    static final Set<String> RUN_OPTIONS = Set.of("pipeline", "local", "lake", "parallelism", "detached", "mode", "fresh", "from-savepoint");
    static final Set<String> LAKE_CLEAN_OPTIONS = Set.of("pipeline", "lake");
    static final Set<String> RUN_FLAGS = Set.of("local", "detached", "fresh");

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    PipelineCommands(PrintStream out, Map<String, String> env) {
        this(out, System.err, env);
    }

    PipelineCommands(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /** Loads and validates; definition errors propagate as {@code DefinitionException} (exit 2). */
    ResolvedPipeline load(CliArgs args) {
        String location = args.get("pipeline", null);
        if (location == null) {
            throw new CliArgs.UsageException("--pipeline <path | file://... | s3a://...> is required");
        }
        return PipelineLoader.load(PipelineFiles.read(location), location, env, Thread.currentThread().getContextClassLoader());
    }

    int validate(CliArgs args) {
        ResolvedPipeline p = load(args);
        if (!args.flag("definition-only")) {
            List<String> problems = new PreflightChecks(args.get("pipeline", "")).problems(p.def(), "lake.root", false);
            if (!problems.isEmpty()) {
                throw new EnvironmentException(problems);
            }
        }
        if (!args.flag("definition-only")) {
            CdcSlotReport.walWarnings(p.def(), env).forEach(w -> out.println("warning: " + w));
        }
        out.printf("valid: pipeline '%s' (%d sources, %d silver models, %d gold marts)%n", p.def().name(),
                p.def().sources().size(), p.def().models(dev.tributary.jobs.definition.ModelDef.Layer.SILVER).size(),
                p.def().models(dev.tributary.jobs.definition.ModelDef.Layer.GOLD).size());
        return TributaryCli.OK;
    }

    int explain(CliArgs args) {
        PlanPrinter.print(load(args), out);
        return TributaryCli.OK;
    }

    int run(CliArgs args) throws Exception {
        // Flags and the PII key are checked before the definition is loaded: a usage error starts nothing.
        String lake = args.lakeRoot("lake", null);
        Integer parallelism = args.has("parallelism") ? args.parallelism("parallelism", 1) : null;
        WriteMode mode = WriteMode.parse(args.getChoice("mode", WriteMode.FAIL_IF_EXISTS.key(),
                Set.of(WriteMode.APPEND.key(), WriteMode.REPLACE.key(), WriteMode.FAIL_IF_EXISTS.key())));
        ResolvedPipeline p = load(args);
        PiiKey key = CliArgs.piiKey(p, env);
        PipelineDef def = p.def();
        if (lake != null) {
            def = def.withLake(def.lake().withRoot(lake));
        }
        if (parallelism != null) {
            def = def.withRuntime(def.runtime().withParallelism(parallelism));
        }
        boolean inThisJvm = args.flag("local") || LocalEnvironments.runsInThisJvm(StreamExecutionEnvironment.getExecutionEnvironment());
        List<String> problems = new PreflightChecks(args.get("pipeline", ""))
                .problems(def, lake != null ? "--lake" : "lake.root", inThisJvm);
        if (!problems.isEmpty() && inThisJvm) {
            throw new EnvironmentException(problems);
        }
        // On a cluster the client may see another network and other disks than the TaskManagers.
        problems.forEach(problem -> out.println("warning: " + problem));
        CdcSlotReport.walWarnings(def, env).forEach(w -> out.println("warning: " + w));
        LakeLayout layout = def.lake().layout();
        PipelineState state = PipelineState.of(def);
        StreamExecutionEnvironment contextEnv = args.flag("local") ? null : StreamExecutionEnvironment.getExecutionEnvironment();
        // A restore path given to 'flink run -s' wins over the state location's latest checkpoint.
        Optional<String> given = contextEnv == null ? Optional.empty()
                : contextEnv.getConfiguration().getOptional(StateRecoveryOptions.SAVEPOINT_PATH);
        Optional<String> startFrom = startPoint(args, state, given);
        // One writer per pipeline and lake, taken before anything is submitted (see WriterLease).
        // On a cluster, the lease of a job that cluster reports ended (stopped with a savepoint) is free at once.
        WriterLease lease = WriterLease.acquire(layout, def.name(), UUID.randomUUID().toString(), owner(), inThisJvm,
                contextEnv != null && !inThisJvm ? ClusterJobs.endedOn(contextEnv.getConfiguration()) : jobId -> false,
                System.currentTimeMillis());
        boolean jobEnded = true;
        try {
            if (startFrom.isPresent() && given.isEmpty() && !args.has("from-savepoint")) {
                // Resuming from the newest retained state: older checkpoint folders are garbage from here on.
                int pruned = state.pruneCheckpointsExcept(startFrom.get());
                if (pruned > 0) {
                    err.println("tributary run: removed " + pruned + " older checkpoint folder(s) from " + state);
                }
            }
            if (startFrom.isEmpty()) {
                // A fresh start: what to do with output already in the lake is --mode's choice.
                String applied = OutputGuard.apply(def, layout, mode);
                if (!applied.isEmpty()) {
                    out.println(applied);
                }
                if (args.flag("fresh")) {
                    state.deleteAll();
                    err.println("tributary run: starting fresh (--fresh); retained checkpoints and savepoints in " + state + " removed");
                }
            }
            StreamExecutionEnvironment sEnv;
            String rest;
            if (contextEnv == null) {
                sEnv = LocalEnvironments.withWebUi(state.flinkConfiguration(startFrom));
                rest = LocalEnvironments.restAddress(sEnv);
            } else {
                sEnv = contextEnv;
                Configuration conf = state.flinkConfiguration(startFrom);
                if (inThisJvm) {
                    LocalEnvironments.boundedRestarts(conf);
                }
                sEnv.configure(conf);
                rest = sEnv.getConfiguration().getOptional(RestOptions.ADDRESS)
                        .map(a -> "http://" + a + ":" + sEnv.getConfiguration().get(RestOptions.PORT)).orElse("");
            }
            Map<String, DataStream<Row>> tables = new PipelineComposer(p.withDef(def), key, def.name() + "-").compose(sEnv);
            DataStream<Row> any = tables.values().iterator().next();
            any.sinkTo(new LeaseHeartbeatSink<>(lease)).setParallelism(any.getParallelism())
                    .uid(def.name() + "-writer-lease").name("writer lease");
            // Detached where the caller cannot wait: --detached, `flink run -d`, REST /jars/{id}/run and
            // application mode (not attached there, and the job client cannot fetch results).
            boolean detached = args.flag("detached") || (!inThisJvm && !sEnv.getConfiguration().get(DeploymentOptions.ATTACHED));
            long start = System.currentTimeMillis();
            JobClient client = sEnv.executeAsync(def.name());
            jobEnded = false;
            lease.heartbeat(client.getJobID().toString(), System.currentTimeMillis());
            state.recordRunning(client.getJobID().toString(), rest);
            out.println("pipeline '" + def.name() + "': job " + client.getJobID() + " submitted" + (detached ? " (detached)" : "")
                    + "; lake " + dev.tributary.jobs.definition.Secrets.maskUserInfo(layout.root())
                    + "; state " + dev.tributary.jobs.definition.Secrets.maskUserInfo(state.toString()));
            if (detached) {
                return TributaryCli.OK;
            }
            AttachedRun attached = new AttachedRun(client, state, err);
            JobExecutionResult result;
            try {
                result = attached.await();
            } catch (java.util.concurrent.ExecutionException e) {
                // The job failed (it ended) or the client lost it (it may still run: keep the lease).
                jobEnded = ExceptionUtils.findThrowable(e, org.apache.flink.runtime.client.JobExecutionException.class).isPresent();
                throw new ResumableFailure(e, "its last completed checkpoint is kept in " + state.checkpoints()
                        + "; fix the cause and run the same command to resume from it");
            } finally {
                state.clearRunning();
            }
            jobEnded = true;
            if (attached.savepoint() != null || savepointSince(state, start)) {
                err.println("tributary run: stopped with savepoint " + state.latest().orElse(attached.savepoint())
                        + "; run the same command to resume from it");
            } else {
                // A bounded run that completed leaves nothing to resume: a later run starts over (see --mode).
                state.deleteAll();
            }
            RunSummary summary = new RunSummary(result.getAllAccumulatorResults(), layout,
                    Duration.ofMillis(System.currentTimeMillis() - start));
            summary.print(out);
            CdcSlotReport.printLag(def, env, out);
            return summary.balanced() ? TributaryCli.OK : TributaryCli.JOB_FAILED;
        } finally {
            if (jobEnded) {
                lease.release();
            }
        }
    }

    /** {@code lake clean}: removes the in-progress files killed attempts left in the pipeline's tables. */
    int lakeClean(CliArgs args) throws java.io.IOException {
        String lake = args.lakeRoot("lake", null);
        PipelineDef def = load(args).def();
        if (lake != null) {
            def = def.withLake(def.lake().withRoot(lake));
        }
        LakeLayout layout = def.lake().layout();
        dev.tributary.jobs.ops.LakeCleaner.Result r = dev.tributary.jobs.ops.LakeCleaner.clean(def, layout, System.currentTimeMillis());
        out.printf("lake %s: removed %d in-progress files (%d bytes) left in the tables of pipeline '%s'%n",
                layout.root(), r.files, r.bytes, def.name());
        return TributaryCli.OK;
    }

    /**
     * Where the run starts: {@code --from-savepoint}, a path given to {@code flink run -s}, nothing with
     * {@code --fresh}, else the newest completed checkpoint or savepoint in the state location. Says which
     * on stderr.
     */
    private Optional<String> startPoint(CliArgs args, PipelineState state, Optional<String> given) throws IOException {
        String from = args.get("from-savepoint", null);
        boolean fresh = args.flag("fresh");
        if (from != null && fresh) {
            throw new CliArgs.UsageException("--fresh and --from-savepoint exclude each other");
        }
        if (from != null) {
            err.println("tributary run: resuming from " + from + " (--from-savepoint)");
            return Optional.of(from);
        }
        if (given.isPresent()) {
            err.println("tributary run: resuming from " + given.get() + " (given to flink run)");
            return given;
        }
        if (fresh) {
            return Optional.empty();
        }
        Optional<String> latest = state.latest();
        latest.ifPresent(l -> err.println("tributary run: resuming from the last completed checkpoint " + l
                + " (--fresh starts over, --from-savepoint PATH picks another)"));
        return latest;
    }

    private static boolean savepointSince(PipelineState state, long startMillis) throws IOException {
        org.apache.flink.core.fs.Path dir = state.savepoints();
        org.apache.flink.core.fs.FileSystem fs = dir.getFileSystem();
        if (!fs.exists(dir)) {
            return false;
        }
        for (org.apache.flink.core.fs.FileStatus s : fs.listStatus(dir)) {
            org.apache.flink.core.fs.Path meta = new org.apache.flink.core.fs.Path(s.getPath(), PipelineState.METADATA);
            if (fs.exists(meta) && fs.getFileStatus(meta).getModificationTime() >= startMillis) {
                return true;
            }
        }
        return false;
    }

    private static String owner() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        return host + "/pid " + ProcessHandle.current().pid();
    }

    /** The job failed after it started; its retained state allows a resume, which {@link #hint()} says. */
    static final class ResumableFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final String hint;

        ResumableFailure(Exception cause, String hint) {
            super(cause);
            this.hint = hint;
        }

        String hint() {
            return hint;
        }
    }

    /** The environment is not ready for the pipeline: one line per problem on stderr, exit 1, nothing started. */
    static final class EnvironmentException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EnvironmentException(List<String> problems) {
            super(String.join(System.lineSeparator(), problems));
        }
    }
}
