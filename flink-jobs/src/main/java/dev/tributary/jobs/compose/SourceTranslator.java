package dev.tributary.jobs.compose;

import dev.tributary.jobs.bronze.BronzeInput;
import dev.tributary.jobs.bronze.BronzeSources;
import dev.tributary.jobs.cdc.PostgresCdcSources;
import dev.tributary.jobs.cdc.PostgresSlots;
import dev.tributary.jobs.datagen.GeneratorConfig;
import dev.tributary.jobs.datagen.GeneratorConfigBuilder;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.definition.SourceDef;
import dev.tributary.jobs.definition.SourceKind;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.Path;

import java.util.Map;
import java.util.Properties;

/**
 * Source stage: a {@link SourceDef} becomes a {@link BronzeInput} (a FLIP-27 source of in-flight bronze
 * rows): Kafka, files, the generator, or PostgreSQL CDC ({@link PostgresCdcSources}).
 */
@Internal
final class SourceTranslator {
    static final String GENERATOR_SEED = "seed";
    static final String GENERATOR_ORDERS = "orders";
    static final String GENERATOR_PROFILE = "profile";

    private final String pipelineName;

    SourceTranslator(String pipelineName) {
        this.pipelineName = pipelineName;
    }

    BronzeInput translate(SourceDef s) {
        Map<String, String> o = s.options();
        DatasetDef ds = isBounded(s) ? withoutAlignment(s.dataset()) : s.dataset();
        switch (s.kind()) {
            case GENERATOR:
                return new BronzeInput(ds, BronzeSources.generated(ds, generatorConfig(o)), "generator: " + s.name());
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

    /** Bounded sources: generator, files, and Kafka read up to the offsets latest at start. */
    static boolean isBounded(SourceDef s) {
        return s.kind() == SourceKind.GENERATOR || s.kind() == SourceKind.FILES
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

    /** One generator configuration shared by every generator source (orders and payments must agree). */
    static GeneratorConfig generatorConfig(Map<String, String> o) {
        GeneratorConfigBuilder b = GeneratorConfig.builder();
        if ("clean".equals(o.get(GENERATOR_PROFILE))) {
            b.clean();
        }
        if (o.containsKey(GENERATOR_SEED)) {
            b.seed(Long.parseLong(o.get(GENERATOR_SEED).replace("_", "")));
        }
        if (o.containsKey(GENERATOR_ORDERS)) {
            b.orders(Long.parseLong(o.get(GENERATOR_ORDERS).replace("_", "")));
        }
        return b.build();
    }
}
