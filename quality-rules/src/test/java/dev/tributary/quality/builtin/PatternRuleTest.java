package dev.tributary.quality.builtin;

import dev.tributary.quality.api.CheckContext;
import dev.tributary.quality.api.RuleAction;

import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

import java.util.regex.PatternSyntaxException;

import static dev.tributary.quality.QualityTestData.ORDERS;
import static dev.tributary.quality.QualityTestData.T0;
import static dev.tributary.quality.QualityTestData.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pattern: full match, empty strings, Unicode, huge values, serialization and bad definitions. */
class PatternRuleTest {
    private static final CheckContext NOW = CheckContext.at(T0);
    private final PatternRule email = new PatternRule(ORDERS, "email", RuleAction.WARN, "email", "[^@\\s]+@[^@\\s]+\\.[a-z]+");

    @Test
    void matchesTheWholeValue() {
        assertThat(email.check(order("o"), NOW)).isNull();
        assertThat(email.check(order("o", "email", "x ann@example.com"), NOW))
                .isEqualTo("column 'email' does not match /[^@\\s]+@[^@\\s]+\\.[a-z]+/");
    }

    @Test
    void emptyStringIsCheckedAndNullPasses() {
        assertThat(email.check(order("o", "email", ""), NOW)).isNotNull();
        assertThat(email.check(order("o", "email", null), NOW)).isNull();
    }

    @Test
    void unicodeAndHugeValues() {
        PatternRule letters = new PatternRule(ORDERS, "l", RuleAction.WARN, "status", "\\p{L}+");
        assertThat(letters.check(order("o", "status", "Ünïcødé日本"), NOW)).isNull();
        assertThat(letters.check(order("o", "status", "🚀"), NOW)).isNotNull();
        assertThat(letters.check(order("o", "status", "a".repeat(1_000_000)), NOW)).isNull();
    }

    @Test
    void wrongClassIsAViolation() {
        assertThat(email.check(order("o", "email", 5L), NOW)).isEqualTo("column 'email' holds a Long, expected STRING");
    }

    @Test
    void survivesSerialization() throws Exception {
        PatternRule copy = InstantiationUtil.clone(email);
        assertThat(copy.check(order("o", "email", "nope"), NOW)).isNotNull();
        assertThat(copy.check(order("o"), NOW)).isNull();
    }

    @Test
    void refusesBadRegexAndNonStringColumns() {
        assertThatThrownBy(() -> new PatternRule(ORDERS, "p", RuleAction.WARN, "email", "(unclosed"))
                .isInstanceOf(PatternSyntaxException.class);
        assertThatThrownBy(() -> new PatternRule(ORDERS, "p", RuleAction.WARN, "amount", "\\d+"))
                .hasMessageContaining("needs a STRING column, 'amount' is DECIMAL");
    }
}
