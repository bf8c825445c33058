package dev.tributary.jobs.cli;

import dev.tributary.jobs.compose.PipelineComposer;
import dev.tributary.jobs.compose.PipelineLoader;
import dev.tributary.jobs.compose.PlanPrinter;
import dev.tributary.jobs.compose.ResolvedPipeline;
import dev.tributary.jobs.definition.PipelineDef;
import dev.tributary.jobs.lake.LakeLayout;
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
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.ExceptionUtils;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code validate}, {@code explain} and {@code run} over a pipeline definition.
 *
 * <ul>
 *   <li>{@code validate --pipeline P}: checks everything (structure, references, transforms, SQL) and
 *       starts nothing; exit 0 when valid, 2 with every problem on stderr.
 *   <li>{@code explain --pipeline P}: validates, then prints the resolved plan.
 *   <li>{@code run --pipeline P [--local] [--lake ROOT] [--parallelism N] [--detached]}: validates, builds
 *       the job and runs it on the execution environment of the context: the cluster when submitted with
 *       {@code flink run}, else an embedded MiniCluster ({@code --local} adds the Web UI).
 * </ul>
 */
@Internal
final class PipelineCommands {
    static final Set<String> VALIDATE_OPTIONS = Set.of("pipeline");
    static final Set<String> CHECK_OPTIONS = Set.of("pipeline", "definition-only");
    static final Set<String> CHECK_FLAGS = Set.of("definition-only");
    static final Set<String> RUN_OPTIONS = Set.of("pipeline", "local", "lake", "parallelism", "detached", "mode");
    static final Set<String> LAKE_CLEAN_OPTIONS = Set.of("pipeline", "lake");
    static final Set<String> RUN_FLAGS = Set.of("local", "detached");

    private final PrintStream out;
    private final Map<String, String> env;

    PipelineCommands(PrintStream out, Map<String, String> env) {
        this.out = out;
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
        PiiKey key = CliArgs.piiKey(env, PiiKey.ENV_SECRET, " (at least 16 characters) or 'pii.key' in the configuration");
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
        LakeLayout layout = def.lake().layout();
        // One writer per pipeline and lake, taken before anything is submitted (see WriterLease).
        WriterLease lease = WriterLease.acquire(layout, def.name(), UUID.randomUUID().toString(), owner(), inThisJvm,
                System.currentTimeMillis());
        boolean jobEnded = true;
        try {
            String applied = OutputGuard.apply(def, layout, mode);
            if (!applied.isEmpty()) {
                out.println(applied);
            }
            StreamExecutionEnvironment sEnv;
            if (args.flag("local")) {
                sEnv = LocalEnvironments.withWebUi(LocalEnvironments.checkpointDir(def.name()));
            } else {
                sEnv = StreamExecutionEnvironment.getExecutionEnvironment();
                if (inThisJvm) {
                    sEnv.configure(LocalEnvironments.boundedRestarts(new Configuration()));
                }
            }
            Map<String, DataStream<Row>> tables = new PipelineComposer(p.withDef(def), key, def.name() + "-").compose(sEnv);
            DataStream<Row> any = tables.values().iterator().next();
            any.sinkTo(new LeaseHeartbeatSink<>(lease)).setParallelism(any.getParallelism())
                    .uid(def.name() + "-writer-lease").name("writer lease");
            // Detached where the caller cannot wait: --detached, `flink run -d`, REST /jars/{id}/run and
            // application mode (not attached there, and the job client cannot fetch results).
            boolean detached = args.flag("detached") || (!inThisJvm && !sEnv.getConfiguration().get(DeploymentOptions.ATTACHED));
            long start = System.nanoTime();
            JobClient client = sEnv.executeAsync(def.name());
            jobEnded = false;
            lease.heartbeat(client.getJobID().toString(), System.currentTimeMillis());
            out.println("pipeline '" + def.name() + "': job " + client.getJobID() + " submitted" + (detached ? " (detached)" : "")
                    + "; lake " + dev.tributary.jobs.definition.Secrets.maskUserInfo(layout.root()));
            if (detached) {
                return TributaryCli.OK;
            }
            JobExecutionResult result;
            try {
                result = client.getJobExecutionResult().get();
            } catch (java.util.concurrent.ExecutionException e) {
                // The job failed (it ended) or the client lost it (it may still run: keep the lease).
                jobEnded = ExceptionUtils.findThrowable(e, org.apache.flink.runtime.client.JobExecutionException.class).isPresent();
                throw e;
            }
            jobEnded = true;
            RunSummary summary = new RunSummary(result.getAllAccumulatorResults(), layout,
                    Duration.ofNanos(System.nanoTime() - start));
            summary.print(out);
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

    private static String owner() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        return host + "/pid " + ProcessHandle.current().pid();
    }

    /** The environment is not ready for the pipeline: one line per problem on stderr, exit 1, nothing started. */
    static final class EnvironmentException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EnvironmentException(List<String> problems) {
            super(String.join(System.lineSeparator(), problems));
        }
    }
}
