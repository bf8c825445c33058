package dev.tributary.quality;

import dev.tributary.quality.api.QualityRule;
import dev.tributary.quality.api.RuleAction;
import dev.tributary.quality.api.RuleDefinitionException;
import dev.tributary.quality.builtin.ReferentialRule;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.type.TypeReference;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.tributary.quality.QualityTestData.ORDERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Parses golden pipeline-definition files from {@code src/test/resources/definitions/}. */
class RuleDefinitionsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @SuppressWarnings("unchecked")
    private static RuleSet parse(String file) throws Exception {
        try (InputStream in = RuleDefinitionsTest.class.getResourceAsStream("/definitions/" + file)) {
            Map<String, Object> doc = YAML.readValue(in, new TypeReference<Map<String, Object>>() {});
            return RuleDefinitions.fromMap(ORDERS, (List<Map<String, Object>>) doc.get("rules"),
                    (Map<String, Object>) doc.get("breaker"));
        }
    }

    private static String golden(String file) throws Exception {
        try (InputStream in = RuleDefinitionsTest.class.getResourceAsStream("/definitions/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void parsesEveryRuleType() throws Exception {
        RuleSet rules = parse("orders-valid.yaml");

        assertThat(rules.rules()).extracting(QualityRule::type).containsExactly("not-null", "range", "range",
                "allowed", "pattern", "unique", "freshness", "referential", "expression");
        assertThat(rules.rules()).extracting(QualityRule::action).containsExactly(RuleAction.QUARANTINE,
                RuleAction.DROP, RuleAction.WARN, RuleAction.WARN, RuleAction.WARN, RuleAction.DROP, RuleAction.WARN,
                RuleAction.QUARANTINE, RuleAction.FAIL);
        assertThat(rules.rule("order_id_present").get().columns()).containsExactly("order_id", "customer_id");
        ReferentialRule ref = rules.referentialRules().get(0);
        assertThat(ref.grace()).isEqualTo(Duration.ofMinutes(10));
        assertThat(ref.parentRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(rules.uniqueRules().get(0).window()).isEqualTo(Duration.ofHours(1));
        assertThat(rules.breaker().get().eventTimeWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(rules.breaker().get().windowRecords()).isEqualTo(1000);
    }

    @Test
    void reportsEveryProblemOfTheInvalidGoldenFile() throws Exception {
        RuleDefinitionException e = catchThrowableOfType(RuleDefinitionException.class, () -> parse("orders-invalid.yaml"));

        assertThat(String.join("\n", e.errors()) + "\n").isEqualTo(golden("orders-invalid.errors.txt"));
    }

    @Test
    void builderAndDefinitionsAgree() throws Exception {
        RuleSet fromYaml = parse("orders-valid.yaml");

        assertThat(fromYaml.rules()).hasSameSizeAs(fromYaml.rules().stream().map(QualityRule::name).distinct().toList());
        assertThat(fromYaml.rule("paid_has_amount").get().columns()).containsExactly("paid", "amount");
    }
}
