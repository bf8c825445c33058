package dev.tributary.demo.datagen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Kafka writer without a broker: it must fail loudly, naming the servers, rather than report
 * success. (Producing to a real broker is covered by the bronze Kafka ITCase.)
 */
class KafkaJsonWriterTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void failsWhenNoBrokerAcknowledges() {
        KafkaJsonWriter writer = new KafkaJsonWriter("127.0.0.1:1")
                .producerProperty("max.block.ms", "300")
                .producerProperty("delivery.timeout.ms", "1000")
                .producerProperty("request.timeout.ms", "500")
                .producerProperty("linger.ms", "0");

        assertThatThrownBy(() -> writer.write(GeneratorConfig.builder().orders(10).build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("127.0.0.1:1");
    }

    @Test
    void rejectsUnknownDatasets() {
        assertThatThrownBy(() -> new KafkaJsonWriter("127.0.0.1:1").topic("refunds", "r"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refunds");
    }
}
