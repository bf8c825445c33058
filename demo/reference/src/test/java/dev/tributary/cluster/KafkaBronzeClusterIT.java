package dev.tributary.cluster;

import dev.tributary.demo.datagen.EventKind;
import dev.tributary.demo.datagen.GeneratedEvent;
import dev.tributary.demo.datagen.GeneratorConfig;
import dev.tributary.demo.datagen.ReferenceDataGenerator;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.demo.reference.ReferencePipeline;
import dev.tributary.testing.KafkaTestServer;
import dev.tributary.testing.Waiting;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job jar on a real Flink 1.20 standalone session cluster (JobManager and TaskManager in their
 * own JVMs, from the distribution's lib/ only), fed through Kafka, with a savepoint upgrade in the
 * middle:
 *
 * <pre>
 *  produce first half ─ upload jar, run kafka-bronze (p=2) ─ lake == first half, exactly
 *    ─ stop-with-savepoint ─ lake unchanged ─ produce second half
 *    ─ run the jar from the savepoint (p=1: rescaled) ─ restored.is_savepoint
 *    ─ lake == all records, each exactly once (per key), quarantine == all malformed ones
 * </pre>
 *
 * Duplicates across the split are dropped only if the de-duplication state survived the savepoint,
 * so the second half checks state migration, not just offsets.
 */
class KafkaBronzeClusterIT {

    private static final String PII_SECRET = "cluster-it-secret-0123456789abcdef";
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);

    @RegisterExtension static final KafkaTestServer KAFKA = new KafkaTestServer();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path work;

    private static StandaloneFlinkCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        long t0 = System.nanoTime();
        cluster = StandaloneFlinkCluster.start(ClusterTestPaths.flinkLib(), work.resolve("flink"),
                Map.of("TRIBUTARY_PII_KEY", PII_SECRET));
        log("cluster up in %d ms", ms(t0));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            List<ProcessHandle> started = cluster.handles();
            cluster.close();
            assertThat(started).as("cluster JVMs after close").noneMatch(ProcessHandle::isAlive);
        }
    }

    @Test
    void landsEveryRecordExactlyOnceAcrossAStopWithSavepointAndRestore() throws Exception {
        ReferenceDataGenerator generator = new ReferenceDataGenerator(GeneratorConfig.builder()
                .seed(20)
                .orders(1_200)
                .duplicateRate(0.04)
                .lateRate(0.02)
                .malformedJsonRate(0.01)
                .missingFieldRate(0.01)
                .wrongTypeRate(0.01)
                .build());
        List<GeneratedEvent> events = generator.events().collect(Collectors.toList());
        int split = splitBeforeStraddlingDuplicate(events);
        log("%d events, savepoint after %d (event %d duplicates a %s record before it)",
                events.size(), split, split, events.get(split).getDataset());
        List<GeneratedEvent> before = events.subList(0, split);
        LakeLayout lake = new LakeLayout(work.resolve("lake").toUri().toString());
        LakeExpectations firstHalf = new LakeExpectations(before);
        LakeExpectations all = new LakeExpectations(events);
        KAFKA.createTopic("orders", 2);
        KAFKA.createTopic("payments", 2);
        produce(before);

        FlinkRestClient rest = cluster.rest();
        List<String> args = List.of("kafka-bronze",
                "--bootstrap-servers", KAFKA.bootstrapServers(),
                "--lake", lake.root(),
                "--checkpoint-interval", "500",
                "--group-id", "cluster-it");
        long t0 = System.nanoTime();
        String jarId = rest.uploadJar(ClusterTestPaths.jobJar());
        String first = rest.run(jarId, args, null, 2);
        rest.awaitAllVerticesRunning(first, JOB_TIMEOUT);
        log("uploaded and running in %d ms (job %s)", ms(t0), first);

        t0 = System.nanoTime();
        awaitLake(lake, firstHalf, rest, first);
        log("first half (%s) landed in %d ms", firstHalf, ms(t0));

        t0 = System.nanoTime();
        String savepoint;
        try {
            savepoint = rest.stopWithSavepoint(first, work.resolve("savepoints"), JOB_TIMEOUT);
        } catch (AssertionError | IllegalStateException e) {
            // Keep the cluster's own account: its logs are deleted with the temp folder.
            throw new AssertionError(e.getMessage() + "\nroot exception: " + rest.exceptions(first) + "\n" + cluster.logTail(), e);
        }
        log("stopped with savepoint %s in %d ms", savepoint, ms(t0));
        firstHalf.assertExactly(lake);

        produce(events.subList(split, events.size()));
        t0 = System.nanoTime();
        String second = rest.run(jarId, args, savepoint, 1);
        rest.awaitAllVerticesRunning(second, JOB_TIMEOUT);
        JsonNode restored = rest.checkpoints(second).path("latest").path("restored");
        assertThat(restored.path("is_savepoint").asBoolean()).as("restored from a savepoint: %s", restored).isTrue();
        assertThat(restored.path("external_path").asText()).isEqualTo(savepoint);

        awaitLake(lake, all, rest, second);
        log("after the upgrade (%s) landed in %d ms", all, ms(t0));
        all.assertExactly(lake);
        all.assertNoClearPii(lake, generator.clearPiiValues());
    }

    /**
     * A split point near the middle whose first event after the split is a DUPLICATE of a record
     * before it: bronze drops it only if the de-duplication state came through the savepoint.
     */
    private static int splitBeforeStraddlingDuplicate(List<GeneratedEvent> events) {
        for (int i = events.size() / 2; i < events.size(); i++) {
            GeneratedEvent e = events.get(i);
            if (e.getKind() == EventKind.DUPLICATE) {
                for (int j = i - 1; j >= 0 && j >= i - 64; j--) {
                    GeneratedEvent o = events.get(j);
                    if (o.getKind() == EventKind.VALID && o.getDataset().equals(e.getDataset())
                            && o.getKey().equals(e.getKey())) {
                        return i;
                    }
                }
            }
        }
        throw new AssertionError("no duplicate straddles any split point after the middle");
    }

    private static void awaitLake(LakeLayout lake, LakeExpectations expected, FlinkRestClient rest, String jobId)
            throws InterruptedException {
        try {
            Waiting.waitUntil(() -> expected.reached(lake), JOB_TIMEOUT, "the lake holds " + expected);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\njob state: " + rest.job(jobId).path("state")
                    + "\nroot exception: " + rest.exceptions(jobId) + "\n" + cluster.logTail(), e);
        }
    }

    /** Writes events in order, keyed by entity, with an idempotent producer; returns when all are acknowledged. */
    private static void produce(List<GeneratedEvent> events) throws Exception {
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (GeneratedEvent e : events) {
                String topic = e.getDataset().equals(ReferencePipeline.ORDERS.name()) ? "orders" : "payments";
                byte[] key = e.getKey() == null ? null : e.getKey().getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, key, e.getPayload().getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static void log(String format, Object... args) {
        System.out.printf("[cluster-it] " + format + "%n", args);
    }
}
