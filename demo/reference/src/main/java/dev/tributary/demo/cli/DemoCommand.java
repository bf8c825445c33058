package dev.tributary.demo.cli;

import dev.tributary.demo.datagen.GeneratorSourceFactory;
import dev.tributary.jobs.cli.CliArgs;
import dev.tributary.jobs.cli.CliCommand;
import dev.tributary.jobs.cli.IcebergSnapshots;
import dev.tributary.jobs.cli.LocalEnvironments;
import dev.tributary.jobs.cli.PipelineState;
import dev.tributary.jobs.cli.RunSummary;
import dev.tributary.jobs.compose.PipelineComposer;
import dev.tributary.jobs.compose.PipelineLoader;
import dev.tributary.jobs.compose.ResolvedPipeline;
import dev.tributary.demo.datagen.GeneratorConfig;
import dev.tributary.demo.datagen.ReferenceDataGenerator;
import dev.tributary.jobs.definition.PipelineDef;
import dev.tributary.jobs.definition.SourceDef;
import dev.tributary.jobs.definition.LakeDef;
import dev.tributary.jobs.lake.LakeFormat;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.iceberg.IcebergCatalog;
import dev.tributary.transforms.api.PiiKey;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.File;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code demo}: the embedded default. Runs the reference pipeline ({@code examples/ecommerce/pipeline.yaml},
 * through the pipeline composer) on a local MiniCluster (Web UI on
 * port 8081 or the next free one) over generated data, into a local lake folder, printing progress
 * and an end-of-run summary.
 */
@Internal
public final class DemoCommand implements CliCommand {

    /** How the reference pipeline is named in messages: its place in the repository. */
    static final String REFERENCE_NAME = "examples/ecommerce/pipeline.yaml";
    /** Classpath location of {@code examples/ecommerce/pipeline.yaml}, copied there by the build. */
    static final String REFERENCE_RESOURCE = "/dev/tributary/demo/reference/pipeline.yaml";

    static final Set<String> OPTIONS = Set.of("events", "lake", "parallelism", "seed", "checkpoint-interval", "format");

    private final PrintStream out;
    private final Map<String, String> env;

    /** For {@link java.util.ServiceLoader}. */
    public DemoCommand() {
        this(System.out, System.getenv());
    }

    DemoCommand(PrintStream out, Map<String, String> env) {
        this.out = out;
        this.env = env;
    }

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "  demo [--events N] [--lake DIR] [--parallelism P] [--seed S] [--checkpoint-interval MS] [--format parquet|iceberg]",
                "        run the reference pipeline on generated data on a local MiniCluster");
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) throws Exception {
        return new DemoCommand(out, env).run(new CliArgs(args, OPTIONS, Set.of()));
    }

    int run(CliArgs args) throws Exception {
        long events = args.getLong("events", 300_000, 100, 1_000_000_000_000L);
        String lakeRoot = args.lakeRoot("lake", "lake");
        if (lakeRoot.contains("://") && !lakeRoot.startsWith("file://")) {
            throw CliArgs.invalid("lake", "'" + lakeRoot + "'", "a local directory or file:///path (the demo runs on this machine)");
        }
        File lakeDir = lakeRoot.startsWith("file://") ? new File(java.net.URI.create(lakeRoot)) : new File(lakeRoot).getAbsoluteFile();
        int parallelism = args.parallelism("parallelism", 2);
        long checkpointMs = args.getLong("checkpoint-interval", 2000, 10, 86_400_000L);
        long seed = args.getLong("seed", 42);
        // About 1.9 events per order: one order, ~0.85 payments (some retried), plus duplicates.
        GeneratorConfig data = GeneratorConfig.builder()
                .seed(seed)
                .orders(Math.max(50, events * 10 / 19))
                .build();
        ReferenceDataGenerator generator = new ReferenceDataGenerator(data);
        PiiKey key = piiKey();
        LakeLayout lake = new LakeLayout(lakeDir.toURI().toString());

        // The embedded default runs exactly examples/ecommerce/pipeline.yaml (shipped in the jar), with the
        // generator sized and seeded from the command line, into the chosen lake.
        ResolvedPipeline reference = PipelineLoader.load(reference(), REFERENCE_NAME, this.env,
                Thread.currentThread().getContextClassLoader());
        PipelineDef def = withGenerator(reference.def(), data)
                .withLake(demoLake(reference.def().lake().withRoot(lake.root()),
                        args.getChoice("format", LakeFormat.PARQUET.key(), Set.of("parquet", "iceberg"))))
                .withRuntime(reference.def().runtime().withParallelism(parallelism)
                        .withCheckpointInterval(Duration.ofMillis(checkpointMs)));
        // The demo keeps its state like any run: a killed demo resumes from its last checkpoint.
        PipelineState state = PipelineState.of(def);
        java.util.Optional<String> resume = state.latest();
        resume.ifPresent(r -> System.err.println("tributary demo: resuming from the last completed checkpoint " + r));
        StreamExecutionEnvironment env = LocalEnvironments.withWebUi(state.flinkConfiguration(resume));
        env.setParallelism(parallelism);
        env.enableCheckpointing(checkpointMs);
        new PipelineComposer(reference.withDef(def), key, "demo-").compose(env);

        out.printf(Locale.ROOT, "Tributary demo: %d orders + %d payments (seed %d, with duplicates, disorder, late and malformed records)%n",
                generator.count("orders"), generator.count("payments"), data.seed());
        out.println("  lake: " + lakeDir + "    parallelism " + parallelism + ", checkpoint every " + checkpointMs + " ms");
        long start = System.nanoTime();
        JobClient client = env.executeAsync("tributary-demo");
        out.println("  job " + client.getJobID() + " running (Flink Web UI: http://127.0.0.1:8081 or the next free port)");
        CompletableFuture<JobExecutionResult> done = client.getJobExecutionResult();
        JobExecutionResult result = awaitWithProgress(client, done, start, out);
        state.deleteAll();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        RunSummary summary = new RunSummary(result.getAllAccumulatorResults(), lake, elapsed);
        summary.print(out);
        if (def.lake().format() == LakeFormat.ICEBERG) {
            IcebergSnapshots.print(def.lake(), out);
        }
        return summary.balanced() ? 0 : 1;
    }

    /** The reference lake, or the same root as Iceberg tables in a Hadoop catalog (the embedded default). */
    static LakeDef demoLake(LakeDef lake, String format) {
        return LakeFormat.parse(format) == LakeFormat.ICEBERG && lake.format() != LakeFormat.ICEBERG
                ? lake.withIceberg(IcebergCatalog.hadoopInLakeRoot(), null)
                : lake;
    }

    /** Every generator source of {@code def} set to generate {@code data}'s seed and size. */
    static PipelineDef withGenerator(PipelineDef def, GeneratorConfig data) {
        List<SourceDef> sources = new ArrayList<>();
        for (SourceDef s : def.sources()) {
            if (s.kindIdentifier().equals(GeneratorSourceFactory.IDENTIFIER)) {
                Map<String, String> options = new LinkedHashMap<>(s.options());
                options.put(GeneratorSourceFactory.SEED, String.valueOf(data.seed()));
                options.put(GeneratorSourceFactory.ORDERS, String.valueOf(data.orders()));
                s = s.withOptions(options);
            }
            sources.add(s);
        }
        return def.withSources(sources);
    }

    /** The job's result, printing bronze's progress every 2 s until it ends. */
    static JobExecutionResult awaitWithProgress(JobClient client, CompletableFuture<JobExecutionResult> done, long start,
            PrintStream out) throws Exception {
        while (true) {
            try {
                return done.get(2, TimeUnit.SECONDS);
            } catch (TimeoutException notYet) {
                Map<String, Object> acc;
                try {
                    acc = client.getAccumulators().get(2, TimeUnit.SECONDS);
                } catch (Exception finishing) {
                    // Progress is best effort: a job that just ended has its MiniCluster shut down under the probe
                    // (IllegalStateException, thrown synchronously); the job's result decides, on the next turn.
                    continue;
                }
                long in = 0;
                long landed = 0;
                for (Map.Entry<String, Object> e : acc.entrySet()) {
                    if (e.getKey().startsWith("bronze.") && e.getValue() instanceof Number) {
                        long v = ((Number) e.getValue()).longValue();
                        in += e.getKey().endsWith(".in") ? v : 0;
                        landed += e.getKey().endsWith(".landed") ? v : 0;
                    }
                }
                double secs = (System.nanoTime() - start) / 1e9;
                out.printf(Locale.ROOT, "  [%5.1fs] bronze: %,d read, %,d landed (%,.0f events/s)%n", secs, in, landed, in / secs);
            }
        }
    }

    /** The PII key from the environment; without one, an ephemeral key for this demo run only. */
    private PiiKey piiKey() {
        String secret = env.get(PiiKey.ENV_SECRET);
        if (secret != null && !secret.isEmpty()) {
            return CliArgs.piiKey(env, PiiKey.ENV_SECRET, "");
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        out.println("  note: " + PiiKey.ENV_SECRET + " is not set; using a random PII key for this run only"
                + " (tokens will differ between runs)");
        return new PiiKey("demo", Base64.getEncoder().encodeToString(random));
    }

    /** The reference pipeline shipped in this jar. */
    static String reference() {
        try (java.io.InputStream in = DemoCommand.class.getResourceAsStream(REFERENCE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the reference pipeline " + REFERENCE_RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read " + REFERENCE_RESOURCE, e);
        }
    }
}
