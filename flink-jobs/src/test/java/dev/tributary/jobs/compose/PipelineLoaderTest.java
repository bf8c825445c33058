package dev.tributary.jobs.compose;

import dev.tributary.jobs.definition.ModelDef;
import dev.tributary.jobs.definition.PipelineDefinitionTestData;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import dev.tributary.transforms.api.PiiKey;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineLoaderTest {

    static ResolvedPipeline load(String file) {
        return PipelineLoader.load(PipelineDefinitionTestData.read(PipelineDefinitionTestData.DEFINITIONS.resolve(file)),
                file, Map.of(), PipelineLoaderTest.class.getClassLoader());
    }

    @Test
    void resolvesModelsInDependencyOrderWithPlannerSchemas() {
        ResolvedPipeline p = load("valid-full.yaml");

        assertThat(p.def().models()).extracting(ModelDef::name).containsExactly("orders_clean", "paid_orders", "revenue_hourly");
        RecordSchema gold = p.schemas().get("revenue_hourly");
        assertThat(gold.fieldNames()).containsExactly("window_start", "window_end", "currency", "orders", "revenue");
        assertThat(gold.field("window_start").type()).isEqualTo(FieldType.TIMESTAMP);
        assertThat(gold.field("orders").type()).isEqualTo(FieldType.LONG);
        assertThat(p.schemas().get("orders_clean")).isNotNull();
    }

    @Test
    void builtInBlocksWireSilverScd2AndGoldFromTheDefinition() {
        ResolvedPipeline p = load("valid-blocks.yaml");

        assertThat(p.schemas()).containsKeys("customers_history", "orders_paid", "orders_enriched", "revenue_hourly",
                "paid_share_by_segment");
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(new Configuration());
        new PipelineComposer(p, new PiiKey("t", "pipeline-loader-test-secret-key"), "t-").compose(env);
        String plan = env.getExecutionPlan();
        assertThat(plan).contains("silver orders_paid: orders x payments (interval)", "gold revenue_hourly", "customers_history");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PlanPrinter.print(p, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("postgres-cdc", "password=******",
                "block interval-join", "block as-of-join", "block scd2", "block window-aggregate", "/gold/revenue_hourly")
                .doesNotContain("secret");
    }

    @Test
    void explainPrintsSourcesLayersSinksSyncGroupsAndTransforms() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        PlanPrinter.print(load("valid-full.yaml"), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String plan = bytes.toString(StandardCharsets.UTF_8);
        assertThat(plan).contains("pipeline shop", "sources -> bronze", "sync groups", "commerce", "[orders, payments]",
                "silver", "orders_clean", "transform normalise-strings", "gold", "revenue_hourly",
                "/gold/revenue_hourly", "transforms available", "normalise-strings");
    }
}
