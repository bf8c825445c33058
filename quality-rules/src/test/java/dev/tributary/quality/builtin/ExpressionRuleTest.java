package dev.tributary.quality.builtin;

import dev.tributary.quality.api.CheckContext;
import dev.tributary.quality.api.RuleAction;

import org.apache.flink.types.Row;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static dev.tributary.quality.QualityTestData.ORDERS;
import static dev.tributary.quality.QualityTestData.T0;
import static dev.tributary.quality.QualityTestData.order;
import static org.assertj.core.api.Assertions.assertThat;

/** Expression rules: FALSE fails, unknown passes, columns read, wrong value classes, serialization. */
class ExpressionRuleTest {
    private static final CheckContext NOW = CheckContext.at(T0);

    private static ExpressionRule rule(String expression) {
        return new ExpressionRule(ORDERS, "e", RuleAction.QUARANTINE, expression);
    }

    @Test
    void failsOnlyWhenFalse() {
        ExpressionRule rule = rule("status <> 'PAID' OR amount > 0");
        assertThat(rule.check(order("o"), NOW)).isNull();
        assertThat(rule.check(order("o", "amount", BigDecimal.ZERO), NOW))
                .isEqualTo("expression is false: status <> 'PAID' OR amount > 0");
        Row unpaid = order("o", "status", "NEW");
        unpaid.setField(ORDERS.indexOf("amount"), BigDecimal.ZERO);
        assertThat(rule.check(unpaid, NOW)).isNull();
    }

    @Test
    void unknownResultPassesLikeACheckConstraint() {
        assertThat(rule("amount > 0").check(order("o", "amount", null), NOW)).isNull();
    }

    @Test
    void columnsAreTheOnesRead() {
        assertThat(rule("quantity * price <= amount AND paid").columns()).containsExactly("quantity", "price", "amount", "paid");
    }

    @Test
    void wrongValueClassIsAViolation() {
        assertThat(rule("quantity > 1").check(order("o", "quantity", 5L), NOW))
                .isEqualTo("column 'quantity' holds a Long, expected INT");
    }

    @Test
    void survivesSerialization() throws Exception {
        ExpressionRule copy = InstantiationUtil.clone(rule("event_time < '2024-03-01T12:00:00Z'"));
        assertThat(copy.check(order("o"), NOW)).isNotNull();
    }
}
