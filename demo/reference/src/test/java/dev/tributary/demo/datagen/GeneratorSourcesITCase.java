package dev.tributary.demo.datagen;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static dev.tributary.demo.datagen.GeneratorTestData.noisy;
import static dev.tributary.demo.datagen.ReferenceSchemas.ORDERS;
import static dev.tributary.demo.datagen.ReferenceSchemas.PAYMENTS;
import static org.assertj.core.api.Assertions.assertThat;

/** The parallel FLIP-27 source yields exactly the generator's events, whatever the split. */
class GeneratorSourcesITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    private final GeneratorConfig config = noisy(5_000);
    private final ReferenceDataGenerator gen = new ReferenceDataGenerator(config);

    @Test
    void parallelJsonSourcesYieldExactlyTheGeneratedPayloads() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);

        List<String> orders = collect(env, GeneratorSources.orders(config), "orders");
        List<String> payments = collect(env, GeneratorSources.payments(config), "payments");

        assertThat(orders).containsExactlyInAnyOrderElementsOf(payloads(ORDERS));
        assertThat(payments).containsExactlyInAnyOrderElementsOf(payloads(PAYMENTS));
    }

    @Test
    void eventSourceCarriesKindsAsAFlinkPojo() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataGeneratorSource<GeneratedEvent> source = GeneratorSources.events(config, PAYMENTS);

        List<GeneratedEvent> events = new ArrayList<>();
        env.fromSource(source, GeneratorSources.watermarks(config), "payment-events")
                .executeAndCollect()
                .forEachRemaining(events::add);

        assertThat(source.getProducedType()).isInstanceOf(PojoTypeInfo.class);
        assertThat(events).containsExactlyInAnyOrderElementsOf(
                gen.events(PAYMENTS).collect(Collectors.toList()));
    }

    private static List<String> collect(
            StreamExecutionEnvironment env, DataGeneratorSource<String> source, String name)
            throws Exception {
        List<String> out = new ArrayList<>();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), name)
                .executeAndCollect()
                .forEachRemaining(out::add);
        return out;
    }

    private List<String> payloads(String dataset) {
        return gen.events(dataset).map(GeneratedEvent::getPayload).collect(Collectors.toList());
    }
}
