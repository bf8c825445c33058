package dev.tributary.quality;

import dev.tributary.quality.api.BreakerPolicy;
import dev.tributary.quality.api.CheckContext;
import dev.tributary.quality.api.RecordRule;
import dev.tributary.quality.api.RuleAction;
import dev.tributary.quality.api.RuleDefinitionException;
import dev.tributary.quality.api.Violation;

import org.apache.flink.types.Row;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

import javax.annotation.Nullable;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import static dev.tributary.quality.QualityTestData.ORDERS;
import static dev.tributary.quality.QualityTestData.T0;
import static dev.tributary.quality.QualityTestData.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The fluent builder: rule order, evaluation without Flink, and every validation error at once. */
class RuleSetBuilderTest {

    static RuleSet fullRuleSet() {
        return RuleSet.forDataset(ORDERS)
                .notNull("order_id_present", "order_id").quarantine()
                .range("amount_positive", "amount").minExclusive(0).max("1000000").drop()
                .allowed("known_status", "status").values("NEW", "PAID", "SHIPPED").warn()
                .pattern("email_shape", "email").regex("[^@]+@[^@]+").warn()
                .freshness("recent", "event_time").maxBehind(Duration.ofDays(1)).maxAhead(Duration.ofMinutes(5)).warn()
                .expression("paid_has_amount", "NOT paid OR amount > 0").quarantine()
                .unique("one_per_hour", "order_id").window(Duration.ofHours(1)).drop()
                .referential("known_customer", "customer_id").references("customers", "customer_id")
                        .grace(Duration.ofMinutes(10)).quarantine()
                .breaker(BreakerPolicy.builder().threshold(0.5).windowRecords(100).minRecords(10).build())
                .build();
    }

    @Test
    void buildsRulesInDeclarationOrder() {
        RuleSet rules = fullRuleSet();

        assertThat(rules.dataset()).isEqualTo("orders");
        assertThat(rules.rules()).extracting(r -> r.name()).containsExactly("order_id_present", "amount_positive",
                "known_status", "email_shape", "recent", "paid_has_amount", "one_per_hour", "known_customer");
        assertThat(rules.recordRules()).hasSize(6);
        assertThat(rules.uniqueRules()).extracting(r -> r.window()).containsExactly(Duration.ofHours(1));
        assertThat(rules.referentialRules()).extracting(r -> r.referenceDataset()).containsExactly("customers");
        assertThat(rules.breaker()).isPresent();
    }

    @Test
    void evaluatesWithoutFlink() throws Exception {
        RuleSet rules = InstantiationUtil.clone(fullRuleSet()); // as shipped to a task
        Row bad = order("o1", "amount", new BigDecimal("-1"));
        bad.setField(ORDERS.indexOf("status"), "LOST");

        List<Violation> violations = rules.evaluate(bad, T0);

        assertThat(violations).containsExactly(
                new Violation("amount_positive", RuleAction.DROP, "column 'amount' is not above 0"),
                new Violation("known_status", RuleAction.WARN, "column 'status' is not one of [NEW, PAID, SHIPPED]"),
                new Violation("paid_has_amount", RuleAction.QUARANTINE, "expression is false: NOT paid OR amount > 0"));
        assertThat(RuleSet.decide(violations)).contains(RuleAction.QUARANTINE);
        assertThat(rules.evaluate(order("o2"), T0)).isEmpty();
        assertThat(RuleSet.decide(List.of())).isEmpty();
    }

    @Test
    void reportsEveryProblemAtOnce() {
        RuleSetBuilder builder = RuleSet.forDataset(ORDERS)
                .notNull("a", "order_id", "amout").warn()
                .range("b", "status").min(1).drop()
                .range("c", "amount").min(10).max(5).drop()
                .range("d", "event_time").min("yesterday").drop()
                .pattern("e", "amount").regex("(").warn()
                .expression("f", "amount > 'x'").warn()
                .allowed("g", "quantity").values("one").warn()
                .unique("h", "order_id").drop()
                .referential("i", "customer_id").quarantine()
                .notNull("a", "order_id").warn();
        builder.freshness("j", "status").maxBehind(Duration.ofHours(1)); // no action

        RuleDefinitionException e = catchThrowableOfType(RuleDefinitionException.class, builder::build);

        assertThat(e.errors()).containsExactly(
                "dataset 'orders', rule 'a', column 'amout': expected one of the dataset's columns [order_id, "
                        + "customer_id, amount, quantity, price, status, email, event_time, order_date, paid]",
                "dataset 'orders', rule 'a', key 'name': expected a name unique within the dataset, but it is declared "
                        + "more than once",
                "dataset 'orders', rule 'b', column 'status': expected a numeric (INT, LONG, DOUBLE, DECIMAL), "
                        + "TIMESTAMP or DATE column, but it is STRING",
                "dataset 'orders', rule 'c', keys 'min'/'max': expected min <= max, got min 10 > max 5",
                "dataset 'orders', rule 'd', key 'min' for TIMESTAMP column 'event_time': expected an ISO-8601 "
                        + "instant such as 2024-01-31T00:00:00Z, got 'yesterday'",
                "dataset 'orders', rule 'e', key 'regex': expected a valid Java regular expression, got '(': "
                        + "Unclosed group near index 1",
                "dataset 'orders', rule 'e', column 'amount': expected a STRING column, but it is DECIMAL",
                "dataset 'orders', rule 'f', key 'expression': expected a boolean SQL expression, but at position "
                        + "10: cannot compare NUMBER with STRING in > in: amount > 'x'",
                "dataset 'orders', rule 'g', key 'values' for INT column 'quantity': expected a number, got 'one'",
                "dataset 'orders', rule 'h', key 'window': expected a positive duration such as '1 h'; none was set",
                "dataset 'orders', rule 'i', key 'reference-dataset': expected the name of the parent dataset; none was set",
                "dataset 'orders', rule 'i', key 'reference-column': expected the parent dataset's key column; none was set",
                "dataset 'orders', rule 'j', key 'action': expected one of warn, drop, quarantine, fail; none was set",
                "dataset 'orders', rule 'j', column 'status': expected a TIMESTAMP column, but it is STRING");
        assertThat(e).hasMessageStartingWith("14 invalid quality rule definition(s) for dataset 'orders':\n  - ");
    }

    @Test
    void customRulesMustBeSerializable() {
        Object notSerializable = new Object();
        RecordRule capturing = new CapturingRule(notSerializable);

        assertThatThrownBy(() -> RuleSet.forDataset(ORDERS).rule(capturing)).hasMessageContaining("not serializable");
    }

    @Test
    void customRulesEvaluate() {
        RuleSet rules = RuleSet.forDataset(ORDERS).rule(new CapturingRule("fine")).build();

        assertThat(rules.evaluate(order("o"), CheckContext.at(T0)))
                .containsExactly(new Violation("custom", RuleAction.WARN, "always"));
    }

    @Test
    void ingestionTimeMustBeATimestampColumn() {
        assertThatThrownBy(() -> RuleSet.forDataset(ORDERS).ingestionTime("status").build())
                .hasMessageContaining("rule '(ingestion-time)', column 'status': expected a TIMESTAMP column");
    }

    /** A user rule that captures a value; serializable only if the value is. */
    private static final class CapturingRule implements RecordRule {
        private static final long serialVersionUID = 1L;
        private final Object captured;

        CapturingRule(Object captured) {
            this.captured = captured;
        }

        @Nullable
        @Override
        public String check(Row row, CheckContext context) {
            return captured == null ? null : "always";
        }

        @Override
        public String name() {
            return "custom";
        }

        @Override
        public String dataset() {
            return "orders";
        }

        @Override
        public List<String> columns() {
            return List.of();
        }

        @Override
        public RuleAction action() {
            return RuleAction.WARN;
        }

        @Override
        public String type() {
            return "custom";
        }
    }
}
