package dev.tributary.demo.datagen;


import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * Bounded FLIP-27 sources of the generated data, built on {@link DataGeneratorSource}: the slot range
 * is split across subtasks and each subtask computes its slots independently (see {@link
 * ReferenceDataGenerator}), so any parallelism yields exactly the multiset of {@link
 * ReferenceDataGenerator#events(String)}. Within a split slots come in order; across splits the
 * interleaving is up to Flink, as with Kafka partitions.
 *
 * <pre>{@code
 * env.fromSource(GeneratorSources.orders(config), WatermarkStrategy.noWatermarks(), "orders")
 * }</pre>
 */
@PublicEvolving
public final class GeneratorSources {
    private GeneratorSources() {}

    /** The {@code orders} JSON lines. */
    public static DataGeneratorSource<String> orders(GeneratorConfig config) {
        return jsonLines(config, ReferenceSchemas.ORDERS);
    }

    /** The {@code payments} JSON lines. */
    public static DataGeneratorSource<String> payments(GeneratorConfig config) {
        return jsonLines(config, ReferenceSchemas.PAYMENTS);
    }

    /** The JSON lines of a dataset, as fast as the job takes them. */
    public static DataGeneratorSource<String> jsonLines(GeneratorConfig config, String dataset) {
        return jsonLines(config, dataset, RateLimiterStrategy.noOp());
    }

    /** The JSON lines of a dataset, throttled (e.g. {@code RateLimiterStrategy.perSecond(1000)}). */
    public static DataGeneratorSource<String> jsonLines(
            GeneratorConfig config, String dataset, RateLimiterStrategy rateLimiter) {
        long count = new ReferenceDataGenerator(checkNotNull(config, "config")).count(dataset);
        return new DataGeneratorSource<>(
                new PayloadFunction(config, dataset), count, checkNotNull(rateLimiter, "rateLimiter"),
                Types.STRING);
    }

    /** The {@link GeneratedEvent}s of a dataset (payload plus kind, key, event time, slot). */
    public static DataGeneratorSource<GeneratedEvent> events(GeneratorConfig config, String dataset) {
        long count = new ReferenceDataGenerator(checkNotNull(config, "config")).count(dataset);
        return new DataGeneratorSource<>(
                new EventFunction(config, dataset), count, TypeInformation.of(GeneratedEvent.class));
    }

    /**
     * Bounded out-of-orderness watermarks from {@link GeneratedEvent#getEventTime()} with the config's
     * bound; events without a readable time get {@code Long.MIN_VALUE} and never advance them.
     */
    public static WatermarkStrategy<GeneratedEvent> watermarks(GeneratorConfig config) {
        return WatermarkStrategy.<GeneratedEvent>forBoundedOutOfOrderness(config.maxOutOfOrderness())
                .withTimestampAssigner(
                        (e, previous) -> e.getEventTime() == null
                                ? Long.MIN_VALUE
                                : e.getEventTime().toEpochMilli());
    }

    /** Slot number to event; the generator is built per subtask in {@link #open}. */
    static final class EventFunction implements GeneratorFunction<Long, GeneratedEvent> {
        private static final long serialVersionUID = 1L;

        private final GeneratorConfig config;
        private final String dataset;
        private transient ReferenceDataGenerator generator;

        EventFunction(GeneratorConfig config, String dataset) {
            ReferenceDataGenerator.datasetIndex(dataset); // fail at build time, not in the task
            this.config = config;
            this.dataset = dataset;
        }

        @Override
        public void open(SourceReaderContext readerContext) {
            generator = new ReferenceDataGenerator(config);
        }

        @Override
        public GeneratedEvent map(Long slot) {
            return generator.event(dataset, slot);
        }
    }

    /** Slot number to JSON line. */
    static final class PayloadFunction implements GeneratorFunction<Long, String> {
        private static final long serialVersionUID = 1L;

        private final EventFunction events;

        PayloadFunction(GeneratorConfig config, String dataset) {
            this.events = new EventFunction(config, dataset);
        }

        @Override
        public void open(SourceReaderContext readerContext) {
            events.open(readerContext);
        }

        @Override
        public String map(Long slot) {
            return events.map(slot).getPayload();
        }
    }
}
