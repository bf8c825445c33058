package dev.tributary.demo.datagen;

import dev.tributary.transforms.api.SourceFactory;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.types.Row;

/**
 * Turns generator slot {@code i} of a dataset into an in-flight bronze row, decoding the generated JSON
 * exactly as a Kafka or file source would. The slot number is the source offset.
 */
@Internal
final class GeneratedRowFunction implements GeneratorFunction<Long, Row> {
    private static final long serialVersionUID = 1L;

    private final GeneratorConfig config;
    private final String dataset;
    private final SourceFactory.PayloadDecoder decoder;
    private transient ReferenceDataGenerator generator;

    GeneratedRowFunction(GeneratorConfig config, String dataset, SourceFactory.PayloadDecoder decoder) {
        this.config = config;
        this.dataset = dataset;
        this.decoder = decoder;
    }

    @Override
    public void open(SourceReaderContext readerContext) {
        generator = new ReferenceDataGenerator(config);
    }

    @Override
    public Row map(Long slot) {
        String payload = generator.event(dataset, slot).getPayload();
        return decoder.decode(payload, "generator:" + dataset, null, slot, null);
    }
}
