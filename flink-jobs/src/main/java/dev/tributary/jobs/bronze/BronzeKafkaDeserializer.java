package dev.tributary.jobs.bronze;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;

/** Decodes Kafka records (JSON values) into in-flight bronze rows with topic/partition/offset metadata. */
@Internal
public final class BronzeKafkaDeserializer implements KafkaRecordDeserializationSchema<Row> {
    private static final long serialVersionUID = 1L;

    private final BronzeDecoder decoder;

    public BronzeKafkaDeserializer(BronzeDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Row> out) {
        String payload = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
        out.collect(decoder.decode(
                payload, "kafka:" + record.topic(), record.partition(), record.offset(), null));
    }

    @Override
    public TypeInformation<Row> getProducedType() {
        return decoder.inFlightSchema().rowTypeInfo();
    }
}
