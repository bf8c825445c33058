package dev.tributary.jobs.definition;

import dev.tributary.jobs.definition.yaml.DefinitionException;
import dev.tributary.jobs.definition.yaml.PipelineDefinitionParser;
import dev.tributary.testing.ReferenceDatasets;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelineDefinitionParserTest {

    @Test
    void referenceFileDeclaresTheJavaReferenceDatasets() {
        PipelineDef def = PipelineDefinitionParser.parse(PipelineDefinitionTestData.reference(), "pipeline.yaml", Map.of());

        assertThat(def.name()).isEqualTo("ecommerce");
        assertThat(def.source("orders").orElseThrow().dataset()).isEqualTo(ReferenceDatasets.ORDERS);
        assertThat(def.source("payments").orElseThrow().dataset()).isEqualTo(ReferenceDatasets.PAYMENTS);
        assertThat(def.syncGroups()).singleElement().satisfies(g -> {
            assertThat(g.name()).isEqualTo(ReferenceDatasets.SYNC_GROUP);
            assertThat(g.members()).containsExactly("orders", "payments");
        });
        assertThat(def.runtime().mode()).isEqualTo(RuntimeExecutionMode.STREAMING);
        assertThat(def.runtime().checkpointInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(def.source("orders").orElseThrow().quality().rules()).hasSize(2);
    }

    @Test
    void definitionsAreValuesWithEqualsAndHashCode() {
        PipelineDef a = PipelineDefinitionParser.parse(PipelineDefinitionTestData.reference(), "a.yaml", Map.of());
        PipelineDef b = PipelineDefinitionParser.parse(PipelineDefinitionTestData.reference(), "b.yaml", Map.of());

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.withRuntime(a.runtime().withParallelism(7))).isNotEqualTo(b);
    }

    @Test
    void substitutesEnvironmentVariablesInOptionsAndRedactsSecrets() {
        String yaml = PipelineDefinitionTestData.reference()
                .replaceFirst("kind: generator[^\\n]*\\s+options:\\s+seed: 42\\s+orders: 157894",
                        "kind: kafka\n    options:\n      bootstrap-servers: \\${KAFKA_BOOTSTRAP:-localhost:9092}\n"
                                + "      topic: orders\n      group-id: g\n      properties.sasl.password: \\${KAFKA_PASSWORD}");

        PipelineDef def = PipelineDefinitionParser.parse(yaml, "p.yaml", Map.of("KAFKA_PASSWORD", "s3cret"));

        SourceDef orders = def.source("orders").orElseThrow();
        assertThat(orders.kind()).isEqualTo(SourceKind.KAFKA);
        assertThat(orders.options()).containsEntry("bootstrap-servers", "localhost:9092")
                .containsEntry("properties.sasl.password", "s3cret");
        assertThat(orders.redactedOptions()).containsEntry("properties.sasl.password", "******");
        assertThat(orders.toString()).doesNotContain("s3cret");
        assertThatThrownBy(() -> PipelineDefinitionParser.parse(yaml, "p.yaml", Map.of()))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("p.yaml:")
                .hasMessageContaining("environment variable KAFKA_PASSWORD is not set");
    }

    @Test
    void postgresCdcSourceAddsTheChangeColumnsAndTakesCredentialsFromTheEnvironment() {
        String customers = String.join("\n",
                "  customers_pg:",
                "    kind: postgres-cdc",
                "    options:",
                "      hostname: localhost",
                "      database: shop",
                "      tables: public.customers",
                "      slot-name: tributary_customers",
                "      publication-name: tributary_customers",
                "    schema:",
                "      customer_id: STRING NOT NULL",
                "      name: STRING",
                "      email: STRING",
                "      segment: STRING NOT NULL",
                "      country: STRING NOT NULL",
                "      updated_at: TIMESTAMP NOT NULL",
                "    event-time: {column: _commit_ts, out-of-orderness: 1 s}",
                "    bronze:",
                "      dedupe: {key: [customer_id, _lsn, _op]}",
                "      pii: {name: hash, email: hash}",
                "");
        String yaml = PipelineDefinitionTestData.reference().replace("sources:\n", "sources:\n" + customers);

        PipelineDef def = PipelineDefinitionParser.parse(yaml, "p.yaml",
                Map.of("TRIBUTARY_PG_USER", "replicator", "TRIBUTARY_PG_PASSWORD", "pw"));

        SourceDef s = def.source("customers_pg").orElseThrow();
        assertThat(s.kind()).isEqualTo(SourceKind.POSTGRES_CDC);
        assertThat(s.dataset().schema().fieldNames()).contains("customer_id", "updated_at", "_op", "_lsn", "_commit_ts");
        assertThatThrownBy(() -> PipelineDefinitionParser.parse(yaml, "p.yaml", Map.of()))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("sources.customers_pg.options")
                .hasMessageContaining("TRIBUTARY_PG_USER");
    }

    @Test
    void readsDurationsWithUnits() {
        String yaml = PipelineDefinitionTestData.reference()
                .replace("checkpoint-interval: 2 s", "checkpoint-interval: 500 ms")
                .replaceFirst("retention: 1 h", "retention: 10 min");

        PipelineDef def = PipelineDefinitionParser.parse(yaml, "p.yaml", Map.of());

        assertThat(def.runtime().checkpointInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(def.source("orders").orElseThrow().dataset().dedupeRetention()).isEqualTo(Duration.ofMinutes(10));
    }
}
