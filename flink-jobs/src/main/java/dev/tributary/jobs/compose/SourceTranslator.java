package dev.tributary.jobs.compose;

import dev.tributary.jobs.bronze.BronzeInput;
import dev.tributary.jobs.bronze.BronzeSources;
import dev.tributary.jobs.cdc.PostgresCdcSources;
import dev.tributary.jobs.cdc.PostgresSlots;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.definition.SourceDef;
import dev.tributary.jobs.definition.SourceFactories;
import dev.tributary.jobs.definition.SourceKind;
import dev.tributary.transforms.api.RecordSchema;
import dev.tributary.transforms.api.SourceFactory;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.Path;

import java.util.Map;
import java.util.Properties;

/**
 * Source stage: a {@link SourceDef} becomes a {@link BronzeInput} (a FLIP-27 source of in-flight bronze
 * rows): Kafka, files, PostgreSQL CDC ({@link PostgresCdcSources}), or a {@link SourceFactory} found by
 * its identifier (the demo's generator is one).
 */
@Internal
final class SourceTranslator {
    private final String pipelineName;

    SourceTranslator(String pipelineName) {
        this.pipelineName = pipelineName;
    }

    BronzeInput translate(SourceDef s) {
        Map<String, String> o = s.options();
        DatasetDef ds = isBounded(s) ? withoutAlignment(s.dataset()) : s.dataset();
        switch (s.kind()) {
            case FACTORY: {
                SourceFactory factory = SourceFactories.of(s);
                return new BronzeInput(ds, factory.createSource(new FactoryContext(ds, o)), s.kindIdentifier() + ": " + s.name());
            }
            case KAFKA: {
                Properties props = new Properties();
                o.forEach((k, v) -> {
                    if (k.startsWith("properties.")) {
                        props.setProperty(k.substring("properties.".length()), v);
                    }
                });
                String topic = o.get("topic");
                return new BronzeInput(ds,
                        BronzeSources.kafka(ds, o.get("bootstrap-servers"), topic, o.get("group-id"),
                                Boolean.parseBoolean(o.getOrDefault("bounded", "false")), props),
                        "kafka: " + topic);
            }
            case FILES: {
                String[] parts = o.get("path").split(",");
                Path[] paths = new Path[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    paths[i] = new Path(parts[i].trim());
                }
                return new BronzeInput(ds, BronzeSources.files(ds, paths), "files: " + o.get("path"));
            }
            case POSTGRES_CDC: {
                return PostgresCdcSources.bronzeInput(ds, PostgresSlots.config(o, System.getenv()));
            }
            default:
                throw new UnsupportedOperationException("source '" + s.name() + "' of pipeline '" + pipelineName
                        + "': kind '" + s.kind().identifier() + "' is not yet supported by this version of the composer");
        }
    }

    /** Bounded sources: files, Kafka read up to the offsets latest at start, and bounded factory sources. */
    static boolean isBounded(SourceDef s) {
        return s.kind() == SourceKind.FILES
                || (s.kind() == SourceKind.FACTORY && SourceFactories.of(s).isBounded(s.options()))
                || (s.kind() == SourceKind.KAFKA && "true".equals(s.options().get("bounded")));
    }

    /**
     * The dataset without its sync group. Watermark alignment is for unbounded sources (a fast topic must
     * not run ahead of a slow one and blow up join state); on Flink 1.20.1 it can also deadlock a job whose
     * bounded sources have no more splits to assign (FLINK-37670, fixed in 1.20.2), so bounded sources
     * (backfills, the generator) read unaligned. Alignment only paces reading: results are the same.
     */
    static DatasetDef withoutAlignment(DatasetDef d) {
        return d.withoutSyncGroup();
    }

    /** What a factory creates its source from; the decoder is the one every bronze source uses. */
    private static final class FactoryContext implements SourceFactory.Context {
        private final DatasetDef dataset;
        private final Map<String, String> options;

        FactoryContext(DatasetDef dataset, Map<String, String> options) {
            this.dataset = dataset;
            this.options = options;
        }

        @Override
        public String name() {
            return dataset.name();
        }

        @Override
        public RecordSchema declaredSchema() {
            return dataset.schema();
        }

        @Override
        public Map<String, String> options() {
            return options;
        }

        @Override
        public SourceFactory.PayloadDecoder decoder() {
            return BronzeSources.decoder(dataset);
        }
    }
}
