package dev.tributary.jobs.definition;

import dev.tributary.jobs.definition.yaml.DefinitionException;
import dev.tributary.jobs.definition.yaml.PipelineDefinitionParser;
import dev.tributary.transforms.api.ParsingOptions;

import org.junit.jupiter.api.Test;

import java.math.RoundingMode;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code parsing} section of a source: strict defaults, per-column options, located errors. */
class ParsingDefinitionTest {

    private static String withParsing(String parsing) {
        return PipelineDefinitionTestData.reference().replaceFirst("    event-time:\n      column: order_ts\n",
                "    parsing:\n" + parsing + "    event-time:\n      column: order_ts\n");
    }

    @Test
    void defaultsAreStrictAndOptionsAreRead() {
        PipelineDef plain = PipelineDefinitionParser.parse(PipelineDefinitionTestData.reference(), "p.yaml", Map.of());
        assertThat(plain.source("orders").orElseThrow().dataset().parsing()).isEqualTo(ParsingOptions.defaults());

        PipelineDef def = PipelineDefinitionParser.parse(withParsing(
                "      undeclared-fields: keep\n"
                        + "      epoch-units: {order_ts: epoch-seconds}\n"
                        + "      rounding: {amount: half-even}\n"
                        + "      event-time-range: {min: 2000-01-01, max: 2100-01-01T00:00:00Z}\n"), "p.yaml", Map.of());

        DatasetDef orders = def.source("orders").orElseThrow().dataset();
        assertThat(orders.parsing()).isEqualTo(ParsingOptions.builder()
                .undeclaredFields(ParsingOptions.UndeclaredFields.KEEP)
                .epochUnit("order_ts", ParsingOptions.EpochUnit.SECONDS)
                .rounding("amount", RoundingMode.HALF_EVEN)
                .eventTimeRange(Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2100-01-01T00:00:00Z"))
                .build());
        assertThat(orders.schema().fieldNames()).endsWith(ParsingOptions.EXTRA_COLUMN);
    }

    @Test
    void reportsBadParsingOptionsInYamlTerms() {
        String yaml = withParsing("      undeclared-fields: ignore\n"
                + "      epoch-units: {order_ts: epoch-micros, amount: epoch-millis}\n"
                + "      rounding: {amount: half-evn}\n"
                + "      event-time-range: {min: yesterday}\n"
                + "      strict: true\n");

        assertThatThrownBy(() -> PipelineDefinitionParser.parse(yaml, "p.yaml", Map.of()))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("sources.orders.parsing.strict: found unknown key 'strict'")
                .hasMessageContaining("sources.orders.parsing.undeclared-fields: found 'ignore'; expected drop or keep")
                .hasMessageContaining("sources.orders.parsing.epoch-units.order_ts: found 'epoch-micros'; expected epoch-millis or epoch-seconds")
                .hasMessageContaining("sources.orders.parsing.epoch-units.amount: found column 'amount' of type DECIMAL; expected a TIMESTAMP column of [order_ts]")
                .hasMessageContaining("sources.orders.parsing.rounding.amount: found 'half-evn'")
                .hasMessageContaining("did you mean 'half-even'")
                .hasMessageContaining("sources.orders.parsing.event-time-range.min: found 'yesterday'; expected an ISO-8601 date");
    }
}
