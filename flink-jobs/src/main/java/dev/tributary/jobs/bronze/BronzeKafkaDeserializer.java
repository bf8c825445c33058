package dev.tributary.jobs.bronze;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes Kafka records (JSON values, strict UTF-8) into in-flight bronze rows with topic/partition/offset
 * metadata. A tombstone (null value) is a malformed record (empty payload), quarantined like any other.
 */
@Internal
public final class BronzeKafkaDeserializer implements KafkaRecordDeserializationSchema<Row> {
    private static final long serialVersionUID = 1L;

    private final BronzeDecoder decoder;

    public BronzeKafkaDeserializer(BronzeDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Row> out) {
        byte[] value = record.value();
        out.collect(decoder.decode(value, 0, value == null ? 0 : value.length,
                "kafka:" + record.topic(), record.partition(), record.offset(), null));
    }

    @Override
    public TypeInformation<Row> getProducedType() {
        return decoder.inFlightSchema().rowTypeInfo();
    }
}
