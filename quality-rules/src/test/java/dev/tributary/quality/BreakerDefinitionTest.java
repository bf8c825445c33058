package dev.tributary.quality;

import dev.tributary.quality.api.RuleDefinitionException;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.tributary.quality.QualityTestData.ORDERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue 12 item 5: the documented breaker {@code {threshold: 0.2, min-records: 1000}} is valid (the window
 * defaults to the last min-records records), and every refusal names YAML keys, never builder methods.
 */
class BreakerDefinitionTest {

    @Test
    void theDocumentedBreakerIsValidAndJudgesTheLastMinRecords() {
        RuleSet rules = RuleDefinitions.fromMap(ORDERS, List.of(), Map.of("threshold", 0.2, "min-records", 1000L));

        assertThat(rules.breaker().get().threshold()).isEqualTo(0.2);
        assertThat(rules.breaker().get().minRecords()).isEqualTo(1000);
        assertThat(rules.breaker().get().windowRecords()).isEqualTo(1000);
    }

    @Test
    void anEventTimeWindowAloneNeedsNoRecordWindow() {
        RuleSet rules = RuleDefinitions.fromMap(ORDERS, List.of(), Map.of("threshold", 0.5, "event-time-window", "10 min"));

        assertThat(rules.breaker().get().windowRecords()).isZero();
    }

    @Test
    void refusalsSpeakYaml() {
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("threshold", 0.2, "min-records", 0L),
                Map.of("threshold", 0.2, "min-records", 50L, "window-records", 10L),
                Map.of("threshold", 2.0),
                Map.of("threshold", 0.2, "window-records", -5L),
                Map.of("threshold", 0.2, "event-time-window", "0 s"),
                Map.of("threshold", 0.2, "min-records", "many"))) {
            RuleDefinitionException e = catchThrowableOfType(() -> RuleDefinitions.fromMap(ORDERS, List.of(), bad),
                    RuleDefinitionException.class);

            assertThat(e).as("%s", bad).isNotNull();
            assertThat(e.getMessage()).as("%s", bad)
                    .containsAnyOf("threshold", "min-records", "window-records", "event-time-window")
                    .doesNotContain("minRecords", "windowRecords", "eventTimeWindow", "(n)", "(duration)");
        }
    }
}
