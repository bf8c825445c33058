package dev.tributary.testing;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A real single-node Kafka 3.9 broker in KRaft mode (combined broker and controller), started
 * inside the test JVM on 127.0.0.1 with free ports and a fresh temporary log directory.
 *
 * <p>Internal topics use replication factor 1 and one partition, and consumer groups rebalance
 * without the initial delay, so transactional (exactly-once) producers and group consumers work
 * against the single node. Topic auto-creation keeps Kafka's default (on); tests should still
 * create their topics explicitly with {@link #createTopic}.
 *
 * <p>Use it either directly ({@code try (KafkaTestServer kafka = new KafkaTestServer()) {
 * kafka.start(); ... }}) or as a JUnit 5 extension that serves one test class:
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaTestServer KAFKA = new KafkaTestServer();
 * }</pre>
 *
 * <p>Give every test its own topics (and transactional id prefix): the broker is shared by all
 * tests of the class.
 */
public final class KafkaTestServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTestServer.class);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, String> extraBrokerConfig;

    @Nullable private Path tempDir;
    @Nullable private KafkaRaftServer server;
    @Nullable private String bootstrapServers;
    @Nullable private Admin admin;
    @Nullable private KafkaProducer<String, String> producer;

    /** A broker with the default single-node configuration. */
    public KafkaTestServer() {
        this(Map.of());
    }

    /**
     * A broker whose configuration is the single-node default overlaid with {@code
     * extraBrokerConfig} (for example {@code transaction.max.timeout.ms}).
     */
    public KafkaTestServer(Map<String, String> extraBrokerConfig) {
        this.extraBrokerConfig = Map.copyOf(extraBrokerConfig);
    }

    /**
     * Formats fresh storage and starts the broker; returns once the broker accepts client requests.
     *
     * @throws IllegalStateException if already started
     * @throws Exception if formatting, startup or the readiness check fails (the partial server is
     *     closed first)
     */
    public synchronized void start() throws Exception {
        if (server != null) {
            throw new IllegalStateException("Kafka test server already started");
        }
        long startNanos = System.nanoTime();
        tempDir = Files.createTempDirectory("tributary-kafka-");
        try {
            String logDir = tempDir.resolve("log").toString();
            int brokerPort = FreePorts.next();
            int controllerPort = FreePorts.next();
            bootstrapServers = "127.0.0.1:" + brokerPort;

            Properties props = brokerProperties(logDir, brokerPort, controllerPort);
            KafkaConfig config = KafkaConfig.fromProps(props, false);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(config.nodeId())
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir))
                    .setMetadataLogDirectory(logDir)
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();

            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            admin = Admin.create(clientProperties());
            Waiting.waitUntil(this::brokerRegistered, CLIENT_TIMEOUT, "Kafka broker ready");
            LOG.info(
                    "Kafka test broker on {} started in {} ms",
                    bootstrapServers,
                    Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private Properties brokerProperties(String logDir, int brokerPort, int controllerPort) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:"
                        + brokerPort
                        + ",CONTROLLER://127.0.0.1:"
                        + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDir);
        // A single node: every internal topic must make do with one replica.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("min.insync.replicas", "1");
        props.put("default.replication.factor", "1");
        // Tests: no 3 s wait before the first group rebalance.
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "1");
        props.putAll(extraBrokerConfig);
        return props;
    }

    private boolean brokerRegistered() {
        try {
            return !requireAdmin().describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code 127.0.0.1:<port>} of the PLAINTEXT listener. */
    public String bootstrapServers() {
        if (bootstrapServers == null || server == null) {
            throw new IllegalStateException("Kafka test server not started");
        }
        return bootstrapServers;
    }

    /** Client properties with only {@code bootstrap.servers} set; a fresh copy per call. */
    public Properties clientProperties() {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    /**
     * Creates a topic with replication factor 1 and waits until its metadata is visible.
     *
     * @throws ExecutionException if the broker rejects it (for example, it already exists)
     */
    public void createTopic(String name, int partitions) throws Exception {
        requireAdmin()
                .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                .all()
                .get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Waiting.waitUntil(
                () -> partitionCount(name) == partitions,
                CLIENT_TIMEOUT,
                "metadata of topic " + name);
    }

    private int partitionCount(String topic) {
        try {
            return requireAdmin()
                    .describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(5, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .size();
        } catch (ExecutionException | TimeoutException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes {@code values} without keys with an idempotent producer ({@code acks=all}) and
     * flushes; when it returns, every record is acknowledged.
     */
    public void produce(String topic, List<String> values) throws Exception {
        KafkaProducer<String, String> p = requireProducer();
        List<Future<?>> sends = new ArrayList<>(values.size());
        for (String value : values) {
            sends.add(p.send(new ProducerRecord<>(topic, value)));
        }
        p.flush();
        for (Future<?> send : sends) {
            send.get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Writes one record to the given partition, flushes and waits for its acknowledgement. */
    public void produce(String topic, @Nullable String key, String value, int partition)
            throws Exception {
        KafkaProducer<String, String> p = requireProducer();
        Future<?> send = p.send(new ProducerRecord<>(topic, partition, key, value));
        p.flush();
        send.get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Reads all committed values of {@code topic}, partition by partition in offset order, with
     * {@code isolation.level=read_committed} up to the end offsets (the last stable offsets) taken
     * when the call starts. Records of open or aborted transactions are not returned.
     */
    public List<String> readCommitted(String topic) throws Exception {
        return readCommittedRecords(topic).stream()
                .map(ConsumerRecord::value)
                .collect(Collectors.toList());
    }

    /** Like {@link #readCommitted(String)}, with keys, partitions and offsets. */
    public List<ConsumerRecord<String, String>> readCommittedRecords(String topic)
            throws Exception {
        Properties props = clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, CLIENT_TIMEOUT).stream()
                            .map(info -> new TopicPartition(topic, info.partition()))
                            .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, CLIENT_TIMEOUT);
            Map<TopicPartition, List<ConsumerRecord<String, String>>> byPartition = new HashMap<>();
            long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
            while (!reachedEnd(consumer, end)) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new TimeoutException(
                            "Reading " + topic + " did not reach end offsets " + end);
                }
                for (ConsumerRecord<String, String> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < end.get(tp)) {
                        byPartition.computeIfAbsent(tp, k -> new ArrayList<>()).add(record);
                    }
                }
            }
            List<ConsumerRecord<String, String>> result = new ArrayList<>();
            partitions.stream()
                    .sorted(Comparator.comparingInt(TopicPartition::partition))
                    .forEach(tp -> result.addAll(byPartition.getOrDefault(tp, List.of())));
            return result;
        }
    }

    private static boolean reachedEnd(
            KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), CLIENT_TIMEOUT) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private Admin requireAdmin() {
        if (admin == null) {
            throw new IllegalStateException("Kafka test server not started");
        }
        return admin;
    }

    private synchronized KafkaProducer<String, String> requireProducer() {
        if (producer == null) {
            Properties props = clientProperties();
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    /**
     * Closes the helper clients, shuts the broker down and deletes its temporary directory. Safe to
     * call more than once and after a failed {@link #start()}.
     */
    @Override
    public synchronized void close() throws IOException {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
        bootstrapServers = null;
        TempDirs.deleteRecursively(tempDir);
        tempDir = null;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }
}
