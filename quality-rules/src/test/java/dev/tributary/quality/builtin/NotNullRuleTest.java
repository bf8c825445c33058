package dev.tributary.quality.builtin;

import dev.tributary.quality.api.CheckContext;
import dev.tributary.quality.api.RuleAction;

import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.tributary.quality.QualityTestData.ORDERS;
import static dev.tributary.quality.QualityTestData.T0;
import static dev.tributary.quality.QualityTestData.order;
import static org.assertj.core.api.Assertions.assertThat;

/** Not-null: which columns are null, empty and Unicode strings are values. */
class NotNullRuleTest {
    private static final CheckContext NOW = CheckContext.at(T0);
    private final NotNullRule rule = new NotNullRule(ORDERS, "ids", RuleAction.QUARANTINE, List.of("order_id", "email"));

    @Test
    void passesWhenAllColumnsHaveValues() {
        assertThat(rule.check(order("o1"), NOW)).isNull();
    }

    @Test
    void namesTheNullColumn() {
        assertThat(rule.check(order("o1", "email", null), NOW)).isEqualTo("column 'email' is null");
    }

    @Test
    void namesEveryNullColumn() {
        Row row = order("o1", "email", null);
        row.setField(0, null);
        assertThat(rule.check(row, NOW)).isEqualTo("columns [order_id, email] are null");
    }

    @Test
    void emptyAndUnicodeStringsAreValues() {
        assertThat(rule.check(order("", "email", ""), NOW)).isNull();
        assertThat(rule.check(order("注文-🚀", "email", "\u0000"), NOW)).isNull();
    }

    @Test
    void anyValueClassCountsAsPresent() {
        assertThat(rule.check(order("o1", "email", 12), NOW)).isNull();
    }

    @Test
    void describesItself() {
        assertThat(rule.type()).isEqualTo("not-null");
        assertThat(rule.dataset()).isEqualTo("orders");
        assertThat(rule.columns()).containsExactly("order_id", "email");
        assertThat(rule.action()).isEqualTo(RuleAction.QUARANTINE);
    }
}
