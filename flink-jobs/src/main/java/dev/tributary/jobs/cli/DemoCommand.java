package dev.tributary.jobs.cli;

import dev.tributary.jobs.bronze.BronzeInput;
import dev.tributary.jobs.bronze.BronzeJob;
import dev.tributary.jobs.bronze.BronzeSources;
import dev.tributary.jobs.datagen.GeneratorConfig;
import dev.tributary.jobs.datagen.ReferenceDataGenerator;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeSinks;
import dev.tributary.jobs.reference.ReferencePipeline;
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
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code demo}: the embedded default. Runs the reference pipeline on a local MiniCluster (Web UI on
 * port 8081 or the next free one) over generated data, into a local lake folder, printing progress
 * and an end-of-run summary.
 */
@Internal
final class DemoCommand {

    static final Set<String> OPTIONS = Set.of("events", "lake", "parallelism", "seed", "checkpoint-interval");

    private final PrintStream out;

    DemoCommand(PrintStream out) {
        this.out = out;
    }

    int run(CliArgs args) throws Exception {
        long events = args.getLong("events", 300_000);
        if (events < 100) {
            throw new CliArgs.UsageException("--events must be at least 100, found " + events);
        }
        File lakeDir = new File(args.get("lake", "lake")).getAbsoluteFile();
        int parallelism = (int) args.getLong("parallelism", 2);
        long checkpointMs = args.getLong("checkpoint-interval", 2000);
        // About 1.9 events per order: one order, ~0.85 payments (some retried), plus duplicates.
        GeneratorConfig data = GeneratorConfig.builder()
                .seed(args.getLong("seed", 42))
                .orders(Math.max(50, events * 10 / 19))
                .build();
        ReferenceDataGenerator generator = new ReferenceDataGenerator(data);
        PiiKey key = piiKey();
        LakeLayout lake = new LakeLayout(lakeDir.toURI().toString());

        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "8081-8099");
        conf.set(org.apache.flink.configuration.TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(64));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        env.setParallelism(parallelism);
        env.enableCheckpointing(checkpointMs);

        new BronzeJob(
                        List.of(
                                new BronzeInput(ReferencePipeline.ORDERS,
                                        BronzeSources.generated(ReferencePipeline.ORDERS, data), "generator: orders"),
                                new BronzeInput(ReferencePipeline.PAYMENTS,
                                        BronzeSources.generated(ReferencePipeline.PAYMENTS, data), "generator: payments")),
                        lake, LakeSinks.rollOnCheckpoint(), key, "demo-")
                .build(env);

        out.printf(Locale.ROOT, "Tributary demo: %d orders + %d payments (seed %d, with duplicates, disorder, late and malformed records)%n",
                generator.count("orders"), generator.count("payments"), data.seed());
        out.println("  lake: " + lakeDir + "    parallelism " + parallelism + ", checkpoint every " + checkpointMs + " ms");
        long start = System.nanoTime();
        JobClient client = env.executeAsync("tributary-demo");
        out.println("  job " + client.getJobID() + " running (Flink Web UI: http://127.0.0.1:8081 or the next free port)");
        CompletableFuture<JobExecutionResult> done = client.getJobExecutionResult();
        JobExecutionResult result = awaitWithProgress(client, done, start);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        RunSummary summary = new RunSummary(result.getAllAccumulatorResults(), lake, elapsed);
        summary.print(out);
        return summary.balanced() ? 0 : 1;
    }

    private JobExecutionResult awaitWithProgress(JobClient client, CompletableFuture<JobExecutionResult> done, long start)
            throws Exception {
        while (true) {
            try {
                return done.get(2, TimeUnit.SECONDS);
            } catch (TimeoutException notYet) {
                Map<String, Object> acc;
                try {
                    acc = client.getAccumulators().get(2, TimeUnit.SECONDS);
                } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
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
        String secret = System.getenv(PiiKey.ENV_SECRET);
        if (secret != null && !secret.isEmpty()) {
            return PiiKey.fromEnvironment(System.getenv());
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        out.println("  note: " + PiiKey.ENV_SECRET + " is not set; using a random PII key for this run only"
                + " (tokens will differ between runs)");
        return new PiiKey("demo", Base64.getEncoder().encodeToString(random));
    }
}
