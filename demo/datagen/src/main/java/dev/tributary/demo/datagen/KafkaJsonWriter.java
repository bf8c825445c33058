package dev.tributary.demo.datagen;


import org.apache.flink.annotation.PublicEvolving;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * Produces the generated events to Kafka: {@code orders} and {@code payments} topics (names
 * configurable), value = the JSON payload bytes, key = the entity key bytes (null when the payload
 * lacks its key), in the merged arrival order of {@link ReferenceDataGenerator#events()}.
 *
 * <p>The producer is idempotent with {@code acks=all}, so retries neither duplicate nor reorder
 * records within a partition: the only duplicates in the topic are the generated DUPLICATE events.
 * Records keep the producer's timestamp on purpose: stamping them with the (old) event time could
 * make broker retention delete them at once. {@link #write} blocks until every record is
 * acknowledged and fails if any send failed. Topics are not created here.
 */
@PublicEvolving
public final class KafkaJsonWriter {
    private final String bootstrapServers;
    private final Map<String, String> topics = new LinkedHashMap<>();
    private final Properties overrides = new Properties();

    public KafkaJsonWriter(String bootstrapServers) {
        this.bootstrapServers = checkNotNull(bootstrapServers, "bootstrapServers");
        topics.put(ReferenceSchemas.ORDERS, ReferenceSchemas.ORDERS);
        topics.put(ReferenceSchemas.PAYMENTS, ReferenceSchemas.PAYMENTS);
    }

    /** Shorthand: default topics and producer settings. */
    public static Map<String, Long> write(String bootstrapServers, GeneratorConfig config) {
        return new KafkaJsonWriter(bootstrapServers).write(config);
    }

    /** Sends a dataset ({@code "orders"} or {@code "payments"}) to another topic. */
    public KafkaJsonWriter topic(String dataset, String topic) {
        ReferenceDataGenerator.datasetIndex(dataset);
        topics.put(dataset, checkNotNull(topic, "topic"));
        return this;
    }

    /** Overrides a producer setting (e.g. {@code linger.ms}, security settings). */
    public KafkaJsonWriter producerProperty(String key, String value) {
        overrides.setProperty(checkNotNull(key, "key"), checkNotNull(value, "value"));
        return this;
    }

    /**
     * Produces every event and waits for all acknowledgements.
     *
     * @return records sent per topic
     * @throws IllegalStateException if any record could not be sent (the first cause attached)
     */
    public Map<String, Long> write(GeneratorConfig config) {
        ReferenceDataGenerator generator = new ReferenceDataGenerator(checkNotNull(config, "config"));
        Map<String, Long> sent = new LinkedHashMap<>();
        topics.values().forEach(t -> sent.put(t, 0L));
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
            Iterator<GeneratedEvent> it = generator.iterator();
            while (it.hasNext() && failure.get() == null) {
                GeneratedEvent e = it.next();
                String topic = topics.get(e.getDataset());
                byte[] key = e.getKey() == null ? null : e.getKey().getBytes(StandardCharsets.UTF_8);
                byte[] value = e.getPayload().getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, key, value), (md, ex) -> {
                    if (ex != null) {
                        failure.compareAndSet(null, ex);
                    }
                });
                sent.merge(topic, 1L, Long::sum);
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(
                    "producing generated data to " + bootstrapServers + " failed", failure.get());
        }
        return sent;
    }

    private Properties producerConfig() {
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        p.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.putAll(overrides);
        return p;
    }
}
