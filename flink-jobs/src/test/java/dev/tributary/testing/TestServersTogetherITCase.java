package dev.tributary.testing;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * All three test servers and one MiniCluster at once in the same JVM: a bounded job copies a Kafka
 * topic to S3 while PostgreSQL serves queries. Guards against port, classpath (Jackson, Scala,
 * Jetty) and logging clashes between the fixtures.
 */
class TestServersTogetherITCase {

    @RegisterExtension
    @Order(1)
    static final KafkaTestServer KAFKA = new KafkaTestServer();

    @RegisterExtension
    @Order(2)
    static final PostgresTestServer POSTGRES = new PostgresTestServer();

    @RegisterExtension
    @Order(3)
    static final S3TestServer S3 = new S3TestServer("together");

    @RegisterExtension
    @Order(4)
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @Test
    void kafkaToS3WhilePostgresServes() throws Exception {
        KAFKA.createTopic("together", 2);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            values.add("event-" + i);
        }
        KAFKA.produce("together", values);
        POSTGRES.execute(
                "CREATE TABLE together (id INT PRIMARY KEY)", "INSERT INTO together VALUES (1)");

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ZERO);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(200);
        KafkaSource<String> source =
                KafkaSource.<String>builder()
                        .setBootstrapServers(KAFKA.bootstrapServers())
                        .setTopics("together")
                        .setGroupId("together")
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setBounded(OffsetsInitializer.latest())
                        .setValueOnlyDeserializer(new SimpleStringSchema())
                        .build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka")
                .sinkTo(
                        FileSink.forRowFormat(
                                        new Path(S3.uri("events")),
                                        new SimpleStringEncoder<String>())
                                .build());
        env.execute("kafka-to-s3");

        List<String> lines = new ArrayList<>();
        for (String key : S3.listKeys("events/")) {
            if (key.substring(key.lastIndexOf('/') + 1).startsWith("part-")) {
                lines.addAll(Arrays.asList(S3.readString(key).split("\n")));
            }
        }
        assertThat(lines).containsExactlyInAnyOrderElementsOf(values);
        assertThat(POSTGRES.queryScalar("SELECT count(*) FROM together")).isEqualTo(1L);
        assertThat(POSTGRES.queryScalar("SHOW wal_level")).isEqualTo("logical");
    }
}
