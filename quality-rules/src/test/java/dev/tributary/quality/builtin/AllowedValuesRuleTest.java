package dev.tributary.quality.builtin;

import dev.tributary.quality.api.CheckContext;
import dev.tributary.quality.api.RuleAction;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static dev.tributary.quality.QualityTestData.ORDERS;
import static dev.tributary.quality.QualityTestData.T0;
import static dev.tributary.quality.QualityTestData.order;
import static org.assertj.core.api.Assertions.assertThat;

/** Allowed values: exact strings (Unicode, empty), numbers by value, booleans, long value lists. */
class AllowedValuesRuleTest {
    private static final CheckContext NOW = CheckContext.at(T0);

    @Test
    void stringsCompareExactly() {
        AllowedValuesRule rule = new AllowedValuesRule(ORDERS, "s", RuleAction.WARN, "status", List.of("PAID", "NEW", "Ünïcødé"));
        assertThat(rule.check(order("o"), NOW)).isNull();
        assertThat(rule.check(order("o", "status", "Ünïcødé"), NOW)).isNull();
        assertThat(rule.check(order("o", "status", "paid"), NOW))
                .isEqualTo("column 'status' is not one of [NEW, PAID, Ünïcødé]");
        assertThat(rule.check(order("o", "status", ""), NOW)).isNotNull();
        assertThat(rule.check(order("o", "status", null), NOW)).isNull();
        assertThat(rule.check(order("o", "status", 1), NOW)).isEqualTo("column 'status' holds a Integer, expected STRING");
    }

    @Test
    void numbersCompareByValueWhateverTheScale() {
        AllowedValuesRule rule = new AllowedValuesRule(ORDERS, "a", RuleAction.WARN, "amount", List.of(1, "2.50", 3.0));
        assertThat(rule.check(order("o", "amount", new BigDecimal("1.00")), NOW)).isNull();
        assertThat(rule.check(order("o", "amount", new BigDecimal("2.5")), NOW)).isNull();
        assertThat(rule.check(order("o", "amount", new BigDecimal("3")), NOW)).isNull();
        assertThat(rule.check(order("o", "amount", new BigDecimal("0.00")), NOW)).isNotNull();
    }

    @Test
    void manyValuesAreAbbreviatedInTheMessage() {
        List<Object> values = new java.util.ArrayList<>();
        for (int i = 0; i < 25; i++) {
            values.add("v" + (char) ('a' + i));
        }
        AllowedValuesRule rule = new AllowedValuesRule(ORDERS, "s", RuleAction.WARN, "status", values);
        assertThat(rule.check(order("o"), NOW)).endsWith("(+15 more)");
    }

    @Test
    void booleans() {
        AllowedValuesRule rule = new AllowedValuesRule(ORDERS, "p", RuleAction.WARN, "paid", List.of(true));
        assertThat(rule.check(order("o"), NOW)).isNull();
        assertThat(rule.check(order("o", "paid", false), NOW)).isNotNull();
    }
}
