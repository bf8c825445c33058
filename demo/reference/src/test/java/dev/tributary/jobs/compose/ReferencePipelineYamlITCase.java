package dev.tributary.jobs.compose;

import dev.tributary.demo.datagen.GeneratorSourceFactory;
import dev.tributary.jobs.bronze.BronzeInput;
import dev.tributary.jobs.bronze.BronzeJob;
import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.jobs.bronze.BronzeSources;
import dev.tributary.demo.datagen.GeneratorConfig;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.definition.PipelineDef;
import dev.tributary.jobs.definition.PipelineDefinitionTestData;
import dev.tributary.jobs.definition.SourceDef;
import dev.tributary.jobs.lake.LakeFiles;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeSinks;
import dev.tributary.demo.reference.ReferencePipeline;
import dev.tributary.transforms.api.PiiKey;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 1: the reference pipeline defined only in YAML ({@code examples/ecommerce/pipeline.yaml},
 * through the composer) lands the same lake as the Java-built one ({@link ReferencePipeline} + {@link
 * BronzeJob}): every table read back row by row, ignoring only the ingestion/quarantine wall-clock times.
 */
class ReferencePipelineYamlITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final PiiKey KEY = new PiiKey("it", "reference-pipeline-yaml-itcase-secret");
    private static final GeneratorConfig DATA = GeneratorConfig.builder().seed(42).orders(1_500).build();

    @TempDir Path tmp;

    @Test
    @Timeout(120)
    void yamlAndJavaPipelinesLandTheSameLake() throws Exception {
        LakeLayout yamlLake = new LakeLayout(tmp.resolve("yaml").toUri().toString());
        LakeLayout javaLake = new LakeLayout(tmp.resolve("java").toUri().toString());

        ResolvedPipeline reference = PipelineLoader.load(PipelineDefinitionTestData.reference(), "pipeline.yaml", Map.of(),
                getClass().getClassLoader());
        PipelineDef def = sized(reference.def())
                .withLake(reference.def().lake().withRoot(yamlLake.root()))
                .withRuntime(reference.def().runtime().withParallelism(2).withCheckpointInterval(Duration.ofMillis(300)));
        StreamExecutionEnvironment yamlEnv = StreamExecutionEnvironment.getExecutionEnvironment(failFast());
        new PipelineComposer(reference.withDef(def), KEY, "yaml-").compose(yamlEnv);
        yamlEnv.execute("reference-yaml");

        StreamExecutionEnvironment javaEnv = StreamExecutionEnvironment.getExecutionEnvironment(failFast());
        javaEnv.setParallelism(2);
        javaEnv.enableCheckpointing(300);
        // As the composer does for bounded sources: no watermark alignment (FLINK-37670; pacing only).
        DatasetDef orders = SourceTranslator.withoutAlignment(ReferencePipeline.ORDERS);
        DatasetDef payments = SourceTranslator.withoutAlignment(ReferencePipeline.PAYMENTS);
        new BronzeJob(List.of(
                        new BronzeInput(orders, GeneratorSourceFactory.rows(DATA, orders.name(), BronzeSources.decoder(orders)), "orders"),
                        new BronzeInput(payments, GeneratorSourceFactory.rows(DATA, payments.name(), BronzeSources.decoder(payments)), "payments")),
                javaLake, LakeSinks.rollOnCheckpoint(), KEY, "java-").build(javaEnv);
        javaEnv.execute("reference-java");

        for (DatasetDef ds : List.of(ReferencePipeline.ORDERS, ReferencePipeline.PAYMENTS)) {
            RecordSchema landed = BronzeSchemas.landed(ds.schema());
            List<String> yamlRows = rows(LakeFiles.readAll(yamlLake.bronze(ds.name()), landed), landed, BronzeSchemas.INGESTED_AT);
            List<String> javaRows = rows(LakeFiles.readAll(javaLake.bronze(ds.name()), landed), landed, BronzeSchemas.INGESTED_AT);
            assertThat(yamlRows).as("bronze/%s", ds.name()).hasSizeGreaterThan(1_000).isEqualTo(javaRows);
            assertThat(rows(LakeFiles.readAll(yamlLake.bronzeQuarantine(ds.name()), BronzeSchemas.QUARANTINE), BronzeSchemas.QUARANTINE, "quarantined_at"))
                    .as("bronze/_quarantine/%s", ds.name()).isNotEmpty()
                    .isEqualTo(rows(LakeFiles.readAll(javaLake.bronzeQuarantine(ds.name()), BronzeSchemas.QUARANTINE), BronzeSchemas.QUARANTINE, "quarantined_at"));
        }
        assertThat(LakeFiles.filesPerPartition(yamlLake.bronze("orders")).keySet())
                .isEqualTo(LakeFiles.filesPerPartition(javaLake.bronze("orders")).keySet());
    }

    /** No restarts: a failure fails the test at once instead of backing off. */
    static Configuration failFast() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return conf;
    }

    /** The reference file's generator sources sized for a test. */
    private static PipelineDef sized(PipelineDef def) {
        List<SourceDef> sources = new ArrayList<>();
        for (SourceDef s : def.sources()) {
            Map<String, String> o = new LinkedHashMap<>(s.options());
            o.put("seed", String.valueOf(DATA.seed()));
            o.put("orders", String.valueOf(DATA.orders()));
            sources.add(s.withOptions(o));
        }
        return def.withSources(sources);
    }

    /** Rows as sorted strings, without the wall-clock column. */
    private static List<String> rows(List<Row> rows, RecordSchema schema, String ignored) {
        int skip = schema.indexOf(ignored);
        return rows.stream().map(r -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < schema.arity(); i++) {
                if (i != skip) {
                    sb.append(r.getField(i)).append('|');
                }
            }
            return sb.toString();
        }).sorted().collect(Collectors.toList());
    }
}
