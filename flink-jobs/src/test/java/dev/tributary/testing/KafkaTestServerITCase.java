package dev.tributary.testing;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Smoke test of {@link KafkaTestServer}: topics, produce, read back, and a Flink KafkaSource. */
class KafkaTestServerITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @RegisterExtension static final KafkaTestServer KAFKA = new KafkaTestServer();

    @Test
    void producesAndReadsBackAcrossTwoPartitions() throws Exception {
        KAFKA.createTopic("smoke-produce", 2);

        KAFKA.produce("smoke-produce", "k0", "p0-a", 0);
        KAFKA.produce("smoke-produce", "k1", "p1-a", 1);
        KAFKA.produce("smoke-produce", "k0", "p0-b", 0);

        List<ConsumerRecord<String, String>> records = KAFKA.readCommittedRecords("smoke-produce");
        assertThat(records)
                .extracting(ConsumerRecord::partition, ConsumerRecord::key, ConsumerRecord::value)
                .containsExactly(
                        tuple(0, "k0", "p0-a"), tuple(0, "k0", "p0-b"), tuple(1, "k1", "p1-a"));
        assertThat(KAFKA.bootstrapServers()).startsWith("127.0.0.1:");
    }

    @Test
    void boundedKafkaSourceReadsEverythingProduced() throws Exception {
        KAFKA.createTopic("smoke-source", 2);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            values.add("value-" + i);
        }
        KAFKA.produce("smoke-source", values);
        assertThat(KAFKA.readCommitted("smoke-source")).containsExactlyInAnyOrderElementsOf(values);

        KafkaSource<String> source =
                KafkaSource.<String>builder()
                        .setBootstrapServers(KAFKA.bootstrapServers())
                        .setTopics("smoke-source")
                        .setGroupId("smoke-source-reader")
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setBounded(OffsetsInitializer.latest())
                        .setValueOnlyDeserializer(new SimpleStringSchema())
                        .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);

        List<String> read = new ArrayList<>();
        try (CloseableIterator<String> it =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka")
                        .executeAndCollect("kafka-smoke")) {
            it.forEachRemaining(read::add);
        }

        assertThat(read).containsExactlyInAnyOrderElementsOf(values);
    }
}
