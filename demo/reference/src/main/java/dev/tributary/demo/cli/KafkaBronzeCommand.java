package dev.tributary.demo.cli;

import dev.tributary.jobs.bronze.BronzeInput;
import dev.tributary.jobs.cli.CliArgs;
import dev.tributary.jobs.cli.CliCommand;
import dev.tributary.jobs.cli.TributaryCli;
import dev.tributary.jobs.bronze.BronzeJob;
import dev.tributary.jobs.bronze.BronzeSources;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeSinks;
import dev.tributary.demo.reference.ReferencePipeline;
import dev.tributary.transforms.api.PiiKey;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * {@code kafka-bronze}: the reference bronze layer as a long-running job for a cluster. Reads the
 * {@code orders} and {@code payments} topics (JSON, unbounded) and lands them exactly once in the
 * lake, checkpointed. Submitted with the job jar ({@code flink run}, the REST API or the Kubernetes
 * Operator), its {@code main()} runs on the client or the JobManager: the PII key is read from that
 * process's environment ({@value PiiKey#ENV_SECRET}, or the variable named by {@code --pii-key-env}).
 *
 * <p>Operator uids are {@code <uid-prefix>bronze-<dataset>-<step>} and never change between
 * versions, so a savepoint of one version restores into the next (see
 * docs/RUN_ON_A_CLUSTER.md for which changes keep state compatible). State backend, checkpoint
 * storage and restart strategy come from the cluster's configuration.
 */
@Internal
public final class KafkaBronzeCommand implements CliCommand {

    static final Set<String> OPTIONS = Set.of(
            "bootstrap-servers", "lake", "checkpoint-interval", "parallelism", "group-id",
            "orders-topic", "payments-topic", "uid-prefix", "pii-key-env", "job-name");

    static final String USAGE = String.join("\n",
            "  kafka-bronze --bootstrap-servers HOST:PORT --lake URI [--checkpoint-interval MS] [--parallelism P]",
            "        [--group-id G] [--orders-topic T] [--payments-topic T] [--uid-prefix P] [--pii-key-env NAME]",
            "        [--job-name N]",
            "        submit bronze over the Kafka topics orders/payments (unbounded, exactly once into the lake)");

    private final PrintStream out;
    private final Map<String, String> environment;

    /** For {@link java.util.ServiceLoader}. */
    public KafkaBronzeCommand() {
        this(System.out, System.getenv());
    }

    KafkaBronzeCommand(PrintStream out, Map<String, String> environment) {
        this.out = out;
        this.environment = environment;
    }

    @Override
    public String name() {
        return "kafka-bronze";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) throws Exception {
        return new KafkaBronzeCommand(out, env).run(new CliArgs(args, OPTIONS, Set.of()));
    }

    int run(CliArgs args) throws Exception {
        String bootstrap = required(args, "bootstrap-servers");
        String lakeUri = args.lakeRoot("lake", required(args, "lake"));
        // At least 100 ms: the lake commits on checkpoints.
        long checkpointMs = args.getLong("checkpoint-interval", 10_000, 100, 86_400_000L);
        String groupId = args.get("group-id", "tributary-bronze");
        String uidPrefix = args.get("uid-prefix", "tributary-");
        PiiKey key = piiKey(args.get("pii-key-env", PiiKey.ENV_SECRET));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(checkpointMs, CheckpointingMode.EXACTLY_ONCE);
        if (args.has("parallelism")) {
            env.setParallelism(args.parallelism("parallelism", 1));
        }
        new BronzeJob(
                        List.of(
                                input(ReferencePipeline.ORDERS, bootstrap, args.get("orders-topic", "orders"), groupId),
                                input(ReferencePipeline.PAYMENTS, bootstrap, args.get("payments-topic", "payments"), groupId)),
                        new LakeLayout(lakeUri), LakeSinks.rollOnCheckpoint(), key, uidPrefix)
                .build(env);

        JobClient client = env.executeAsync(args.get("job-name", "tributary-kafka-bronze"));
        out.println("tributary kafka-bronze: submitted job " + client.getJobID() + " (lake " + lakeUri + ")");
        return TributaryCli.OK;
    }

    /** Bronze only: nothing downstream joins the datasets, so they read unaligned (no sync group). */
    private static BronzeInput input(DatasetDef reference, String bootstrap, String topic, String groupId) {
        DatasetDef dataset = reference.withoutSyncGroup();
        return new BronzeInput(dataset,
                BronzeSources.kafka(dataset, bootstrap, topic, groupId + "-" + dataset.name(), false, new Properties()),
                "kafka: " + topic);
    }

    private PiiKey piiKey(String variable) {
        return CliArgs.piiKey(environment, variable, " for the process that runs this command (the JobManager"
                + " when submitted through REST or in application mode)");
    }

    private static String required(CliArgs args, String name) {
        String v = args.get(name, null);
        if (v == null || v.isEmpty()) {
            throw new CliArgs.UsageException("--" + name + " is required");
        }
        return v;
    }
}
