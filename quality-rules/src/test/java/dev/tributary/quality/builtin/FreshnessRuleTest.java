package dev.tributary.quality.builtin;

import dev.tributary.quality.api.CheckContext;
import dev.tributary.quality.api.RuleAction;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.tributary.quality.QualityTestData.ORDERS;
import static dev.tributary.quality.QualityTestData.T0;
import static dev.tributary.quality.QualityTestData.order;
import static org.assertj.core.api.Assertions.assertThat;

/** Freshness: inclusive boundaries on both sides of "now", extreme instants, nulls and wrong classes. */
class FreshnessRuleTest {
    private final FreshnessRule rule = new FreshnessRule(
            ORDERS, "fresh", RuleAction.WARN, "event_time", Duration.ofHours(1), Duration.ofMinutes(5));

    private String check(Instant eventTime, Instant now) {
        return rule.check(order("o", "event_time", eventTime), CheckContext.at(now));
    }

    @Test
    void boundariesAreInclusive() {
        assertThat(check(T0, T0.plus(Duration.ofHours(1)))).isNull();
        assertThat(check(T0, T0.plus(Duration.ofHours(1)).plusMillis(1)))
                .isEqualTo("column 'event_time' is more than PT1H behind now");
        assertThat(check(T0.plus(Duration.ofMinutes(5)), T0)).isNull();
        assertThat(check(T0.plus(Duration.ofMinutes(5)).plusMillis(1), T0))
                .isEqualTo("column 'event_time' is more than PT5M ahead of now");
    }

    @Test
    void extremeInstantsDoNotOverflow() {
        assertThat(check(Instant.MIN, T0)).contains("behind");
        assertThat(check(Instant.MAX, T0)).contains("ahead");
    }

    @Test
    void nullPassesAndWrongClassFails() {
        assertThat(check(null, T0)).isNull();
        assertThat(rule.check(order("o", "event_time", "2024-03-01T12:00:00Z"), CheckContext.at(T0)))
                .isEqualTo("column 'event_time' holds a String, expected TIMESTAMP");
    }

    @Test
    void oneSidedRuleIgnoresTheOtherSide() {
        FreshnessRule behindOnly = new FreshnessRule(ORDERS, "b", RuleAction.WARN, "event_time", Duration.ofSeconds(1), null);
        assertThat(behindOnly.check(order("o", "event_time", Instant.MAX), CheckContext.at(T0))).isNull();
    }
}
