package dev.tributary.jobs.cli;

import dev.tributary.jobs.cdc.PostgresSlots;
import dev.tributary.jobs.compose.PipelineLoader;
import dev.tributary.jobs.definition.PipelineDef;
import dev.tributary.jobs.definition.SourceDef;
import dev.tributary.jobs.definition.SourceKind;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;

import java.io.PrintStream;
import java.net.URI;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code savepoint}, {@code stop} and {@code cdc drop-slot}: commands on a pipeline's running job and
 * its retained resources, found through the pipeline definition (and {@code --lake}).
 *
 * <ul>
 *   <li>{@code savepoint --pipeline P}: a savepoint of the running job into the state location.
 *   <li>{@code stop --pipeline P}: stops the running job with a savepoint; the next {@code run} resumes from it.
 *   <li>{@code cdc drop-slot --pipeline P}: retires the pipeline's PostgreSQL slots and publications, so the
 *       server stops retaining WAL for them; refused while a job reads a slot.
 * </ul>
 *
 * The job comes from {@code <state>/running}, written by an attached or detached {@code run}; {@code
 * --job-id} and {@code --rest http://host:port} name another one.
 */
@Internal
final class StateCommands {
    static final Set<String> JOB_OPTIONS = Set.of("pipeline", "lake", "job-id", "rest");
    static final Set<String> DROP_OPTIONS = Set.of("pipeline", "lake");

    private final PrintStream out;
    private final Map<String, String> env;

    StateCommands(PrintStream out, Map<String, String> env) {
        this.out = out;
        this.env = env;
    }

    private PipelineDef definition(CliArgs args) {
        String location = args.get("pipeline", null);
        if (location == null) {
            throw new CliArgs.UsageException("--pipeline <path | file://... | s3a://...> is required");
        }
        PipelineDef def = PipelineLoader.load(PipelineFiles.read(location), location, env,
                Thread.currentThread().getContextClassLoader()).def();
        String lake = args.lakeRoot("lake", null);
        return lake == null ? def : def.withLake(def.lake().withRoot(lake));
    }

    int savepoint(CliArgs args) throws Exception {
        return onJob(args, false);
    }

    int stop(CliArgs args) throws Exception {
        return onJob(args, true);
    }

    private int onJob(CliArgs args, boolean stop) throws Exception {
        PipelineDef def = definition(args);
        PipelineState state = PipelineState.of(def);
        Properties running = state.running().orElse(new Properties());
        String jobId = args.get("job-id", running.getProperty("job-id"));
        String rest = args.get("rest", running.getProperty("rest"));
        if (jobId == null || rest == null || rest.isEmpty()) {
            throw new CliArgs.UsageException("no running job of pipeline '" + def.name() + "' recorded in " + state
                    + "; name it with --job-id ID --rest http://host:port");
        }
        URI uri = URI.create(rest);
        Configuration conf = new Configuration();
        conf.set(RestOptions.ADDRESS, uri.getHost());
        conf.set(RestOptions.PORT, uri.getPort());
        conf.set(JobManagerOptions.ADDRESS, uri.getHost());
        try (RestClusterClient<StandaloneClusterId> client = new RestClusterClient<>(conf, StandaloneClusterId.getInstance())) {
            JobID id = JobID.fromHexString(jobId);
            String target = state.savepoints().toString();
            String path = stop
                    ? client.stopWithSavepoint(id, false, target, SavepointFormatType.CANONICAL).get(5, TimeUnit.MINUTES)
                    : client.triggerSavepoint(id, target, SavepointFormatType.CANONICAL).get(5, TimeUnit.MINUTES);
            out.println((stop ? "stopped job " : "savepoint of job ") + jobId + ": " + path);
            if (stop) {
                out.println("run the same 'run' command to resume from it");
            }
        }
        return TributaryCli.OK;
    }

    int dropSlot(CliArgs args) throws Exception {
        PipelineDef def = definition(args);
        int n = 0;
        for (SourceDef s : def.sources()) {
            if (s.kind() != SourceKind.POSTGRES_CDC) {
                continue;
            }
            n++;
            PostgresSlots slots = new PostgresSlots(PostgresSlots.config(s.options(), env));
            try {
                PostgresSlots.Dropped d = slots.drop();
                out.println("source '" + s.name() + "': " + (d == PostgresSlots.Dropped.NO_SLOT
                        ? "no replication slot '" + s.options().get("slot-name") + "' (already dropped)"
                        : "dropped replication slot '" + s.options().get("slot-name") + "' and publication '"
                                + s.options().get("publication-name") + "'"));
            } catch (IllegalStateException e) {
                throw new PipelineCommands.EnvironmentException(java.util.List.of("source '" + s.name() + "': " + e.getMessage()));
            }
        }
        if (n == 0) {
            throw new CliArgs.UsageException("pipeline '" + def.name() + "' has no postgres-cdc source");
        }
        out.println("the pipeline's retained checkpoints in " + PipelineState.of(def)
                + " point into the dropped slots: a later run must start with --fresh");
        return TributaryCli.OK;
    }
}
