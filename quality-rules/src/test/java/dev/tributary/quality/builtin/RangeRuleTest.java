package dev.tributary.quality.builtin;

import dev.tributary.quality.api.CheckContext;
import dev.tributary.quality.api.RuleAction;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import static dev.tributary.quality.QualityTestData.ORDERS;
import static dev.tributary.quality.QualityTestData.T0;
import static dev.tributary.quality.QualityTestData.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Range: inclusive/exclusive boundaries, huge numbers, NaN/infinity, timestamps, dates, wrong types. */
class RangeRuleTest {
    private static final CheckContext NOW = CheckContext.at(T0);

    private static RangeRule range(String column, Object min, boolean minIncl, Object max, boolean maxIncl) {
        return new RangeRule(ORDERS, "r", RuleAction.DROP, column, min, minIncl, max, maxIncl);
    }

    @Test
    void inclusiveBoundsAcceptTheBoundaries() {
        RangeRule rule = range("amount", 0, true, "100.00", true);
        assertThat(rule.check(order("o", "amount", new BigDecimal("0.00")), NOW)).isNull();
        assertThat(rule.check(order("o", "amount", new BigDecimal("100")), NOW)).isNull();
        assertThat(rule.check(order("o", "amount", new BigDecimal("-0.01")), NOW))
                .isEqualTo("column 'amount' is below minimum 0");
        assertThat(rule.check(order("o", "amount", new BigDecimal("100.01")), NOW))
                .isEqualTo("column 'amount' is above maximum 100.00");
    }

    @Test
    void exclusiveBoundsRejectTheBoundaries() {
        RangeRule rule = range("quantity", 0, false, 10L, false);
        assertThat(rule.check(order("o", "quantity", 0), NOW)).isEqualTo("column 'quantity' is not above 0");
        assertThat(rule.check(order("o", "quantity", 10), NOW)).isEqualTo("column 'quantity' is not below 10");
        assertThat(rule.check(order("o", "quantity", 1), NOW)).isNull();
        assertThat(rule.check(order("o", "quantity", 9), NOW)).isNull();
    }

    @Test
    void nullPassesAndWrongClassFails() {
        RangeRule rule = range("quantity", 0, true, null, true);
        assertThat(rule.check(order("o", "quantity", null), NOW)).isNull();
        assertThat(rule.check(order("o", "quantity", "7"), NOW)).isEqualTo("column 'quantity' holds a String, expected INT");
    }

    @Test
    void hugeValuesCompareExactly() {
        RangeRule longs = range("customer_id", null, true, Long.MAX_VALUE - 1, true);
        assertThat(longs.check(order("o", "customer_id", Long.MAX_VALUE), NOW)).isNotNull();
        assertThat(longs.check(order("o", "customer_id", Long.MIN_VALUE), NOW)).isNull();
        RangeRule decimals = range("amount", null, true, new BigDecimal("1e30"), true);
        assertThat(decimals.check(order("o", "amount", new BigDecimal("1e30").add(new BigDecimal("0.01"))), NOW))
                .isNotNull();
    }

    @Test
    void doublesHandleNaNAndInfinity() {
        RangeRule rule = range("price", 0, true, 1e6, true);
        assertThat(rule.check(order("o", "price", Double.NaN), NOW)).isEqualTo("column 'price' is NaN");
        assertThat(rule.check(order("o", "price", Double.POSITIVE_INFINITY), NOW)).contains("above maximum");
        assertThat(rule.check(order("o", "price", Double.NEGATIVE_INFINITY), NOW)).contains("below minimum");
        assertThat(rule.check(order("o", "price", Double.MIN_VALUE), NOW)).isNull();
        RangeRule onlyMin = range("price", 0, true, null, true);
        assertThat(onlyMin.check(order("o", "price", Double.POSITIVE_INFINITY), NOW)).isNull();
    }

    @Test
    void timestampsAndDatesAcceptIsoBounds() {
        RangeRule ts = range("event_time", "2024-01-01T00:00:00Z", true, Instant.parse("2025-01-01T00:00:00Z"), false);
        assertThat(ts.check(order("o"), NOW)).isNull();
        assertThat(ts.check(order("o", "event_time", Instant.parse("2025-01-01T00:00:00Z")), NOW))
                .isEqualTo("column 'event_time' is not below 2025-01-01T00:00:00Z");
        assertThat(ts.check(order("o", "event_time", Instant.MIN), NOW)).contains("below minimum");
        RangeRule date = range("order_date", LocalDate.parse("2024-03-02"), true, null, true);
        assertThat(date.check(order("o"), NOW)).contains("below minimum 2024-03-02");
    }

    @Test
    void refusesStringColumns() {
        assertThatThrownBy(() -> range("status", 1, true, null, true))
                .hasMessageContaining("needs a numeric, TIMESTAMP or DATE column, 'status' is STRING");
    }
}
