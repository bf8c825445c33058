package dev.tributary.jobs.definition;

import dev.tributary.jobs.definition.yaml.DefinitionError;
import dev.tributary.jobs.definition.yaml.DefinitionException;
import dev.tributary.jobs.definition.yaml.PipelineDefinitionParser;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue 12 item 5: YAML means what YAML says. An alias is the anchored value (not the anchor's name), a
 * merge key merges with the keys written beside it winning, and a second document is refused.
 */
class YamlResolutionTest {

    private static final String PIPELINE = String.join("\n",
            "pipeline: {name: shop}",
            "lake: {root: target/lake}",
            "sources:",
            "  orders:",
            "    kind: files",
            "    options: {path: &orders_path /data/orders}",
            "    schema: &orders_schema",
            "      order_id: STRING NOT NULL",
            "      order_ts: TIMESTAMP NOT NULL",
            "    event-time: &event_time {column: order_ts, out-of-orderness: 5 s, allowed-lateness: 1 min}",
            "    bronze: {dedupe: {key: [order_id]}}",
            "  orders_backfill:",
            "    kind: files",
            "    options: {path: *orders_path}",
            "    schema: *orders_schema",
            "    event-time:",
            "      <<: *event_time",
            "      allowed-lateness: 2 h",
            "    bronze: {dedupe: {key: [order_id]}}",
            "");

    private static SourceDef source(PipelineDef def, String name) {
        return def.sources().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void anAliasIsTheAnchoredValueNotItsName() {
        PipelineDef def = PipelineDefinitionParser.parse(PIPELINE, "p.yaml", Map.of());

        assertThat(source(def, "orders_backfill").options()).containsEntry("path", "/data/orders");
        assertThat(source(def, "orders_backfill").dataset().schema().fields()).isEqualTo(source(def, "orders").dataset().schema().fields());
    }

    @Test
    void aMergeKeyMergesAndTheKeysWrittenBesideItWin() {
        PipelineDef def = PipelineDefinitionParser.parse(PIPELINE, "p.yaml", Map.of());

        DatasetDef backfill = source(def, "orders_backfill").dataset();
        assertThat(backfill.eventTimeColumn()).isEqualTo("order_ts");
        assertThat(backfill.allowedLateness()).isEqualTo(Duration.ofHours(2));
        assertThat(source(def, "orders").dataset().allowedLateness()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aSecondDocumentIsRefusedAtItsLine() {
        DefinitionException e = catchThrowableOfType(
                () -> PipelineDefinitionParser.parse(PIPELINE + "---\npipeline: {name: other}\n", "p.yaml", Map.of()),
                DefinitionException.class);

        assertThat(e.errors()).extracting(DefinitionError::toString)
                .containsExactly("p.yaml:20:1: found a second YAML document ('---'); expected one pipeline definition per file"
                        + " (remove the '---' or split the file)");
    }

    @Test
    void anExplicitDocumentStartAndEndAreStillOneDocument() {
        PipelineDef def = PipelineDefinitionParser.parse("---\n" + PIPELINE + "...\n", "p.yaml", Map.of());

        assertThat(def.sources()).hasSize(2);
    }
}
