package dev.tributary.quality.internal.expression;

import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;

import static dev.tributary.quality.QualityTestData.ORDERS;
import static dev.tributary.quality.QualityTestData.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The expression language: evaluation (three-valued logic) and compile errors with positions. */
class ExpressionTest {

    private static Boolean eval(String expression, Row row) {
        return Expression.compile(expression, ORDERS).evaluate(row);
    }

    // The fixture order: amount 19.99, quantity 2, price 9.995, status PAID, paid true,
    // event_time 2024-03-01T12:00:00Z, order_date 2024-03-01, customer_id 42.
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "UNKNOWN", value = {
        "quantity * price = amount + 0.00                          | true",
        "amount = 19.990                                            | true",
        "amount / 0 > 1                                             | UNKNOWN",
        "-quantity < 0 AND NOT (quantity <> 2)                      | true",
        "1 + 2 * 3 = 7 AND (1 + 2) * 3 = 9 AND 7 / 2 = 3.5          | true",
        "status IN ('NEW', 'PAID')                                  | true",
        "status NOT IN ('NEW', 'PAID')                              | false",
        "customer_id IN (1, 2, NULL)                                | UNKNOWN",
        "status LIKE 'P_I%'                                         | true",
        "email LIKE '%.com' AND email NOT LIKE 'bob%'               | true",
        "status LIKE 'p%'                                           | false",
        "quantity BETWEEN 1 AND 2 AND price NOT BETWEEN 0 AND 1     | true",
        "event_time >= '2024-03-01T12:00:00Z'                       | true",
        "'2024-03-02T00:00:00Z' < event_time                        | false",
        "order_date = '2024-03-01'                                  | true",
        "paid AND paid = TRUE AND NOT FALSE                         | true",
        "email IS NOT NULL AND order_id IS NOT NULL                 | true",
        "amount IS NULL                                             | false",
        "NULL = 1 OR true                                           | true",
        "NULL = 1 AND true                                          | UNKNOWN",
        "NULL = 1 AND false                                         | false",
        "\"status\" = 'PAID' and `quantity` = 2                     | true",
        "status = 'it''s'                                           | false",
        "customer_id = 42 AND customer_id > 9223372036854775806.5 - 9223372036854775800 | true",
        "1e3 = 1000                                                 | true",
    })
    void evaluates(String expression, Boolean expected) {
        assertThat(eval(expression, order("o"))).isEqualTo(expected);
    }

    @Test
    void nullOperandsMakeComparisonsUnknownButNotIsNull() {
        Row row = order("o", "amount", null);
        assertThat(eval("amount > 0", row)).isNull();
        assertThat(eval("amount + 1 > 0", row)).isNull();
        assertThat(eval("amount IS NULL", row)).isTrue();
        assertThat(eval("amount IN (1, 2)", row)).isNull();
        assertThat(eval("status LIKE 'P%' OR amount > 0", row)).isTrue();
    }

    @Test
    void unicodeStrings() {
        Row row = order("o", "status", "Ünïcødé 🚀");
        assertThat(eval("status = 'Ünïcødé 🚀'", row)).isTrue();
        assertThat(eval("status LIKE 'Ü%_'", row)).isTrue();
        assertThat(eval("status LIKE 'Ünïcødé _'", row)).isTrue(); // one code point for the emoji
    }

    @Test
    void likeTreatsRegexCharactersLiterally() {
        assertThat(eval("email LIKE 'ann@example.c.m'", order("o"))).isFalse();
        assertThat(eval("email LIKE 'ann@example.com'", order("o"))).isTrue();
        assertThat(eval("status LIKE '(P)%'", order("o", "status", "(P)AID"))).isTrue();
    }

    @Test
    void hugeAndNonFiniteNumbers() {
        assertThat(eval("amount > 1e30", order("o", "amount", new BigDecimal("1e31")))).isTrue();
        assertThat(eval("price > 0", order("o", "price", Double.NaN))).isNull();
        assertThat(eval("price > 0", order("o", "price", Double.POSITIVE_INFINITY))).isNull();
    }

    @Test
    void reportsWrongValueClasses() {
        assertThatThrownBy(() -> eval("quantity = 1", order("o", "quantity", "1")))
                .hasMessage("column 'quantity' holds a String, expected INT");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "''                                   | 1  | expression is empty",
        "amount >                             | 9  | expected a value but found end of expression",
        "amount > 0 AND                       | 15 | expected a value but found end of expression",
        "amount > 0)                          | 11 | expected an operator or end of expression but found ')'",
        "(amount > 0                          | 12 | expected ')' but found end of expression",
        "amout > 0                            | 1  | unknown column 'amout' in dataset 'orders'; columns are [order_id,",
        "amount > 'x'                         | 10 | cannot compare NUMBER with STRING in >",
        "status + 1 = 2                       | 1  | + expects NUMBER but this is STRING",
        "amount                               | 1  | expected a boolean expression but this is NUMBER",
        "amount + 1                           | 8  | expected a boolean expression but this is NUMBER",
        "event_time > '2024-13-01'            | 14 | '2024-13-01' is not an ISO-8601 instant",
        "order_date < 'yesterday'             | 14 | 'yesterday' is not an ISO-8601 date",
        "status = 'open                       | 10 | unterminated string",
        "status ! 'x'                         | 8  | unexpected character '!'",
        "status LIKE 5                        | 13 | LIKE expects STRING but this is NUMBER",
        "amount IS 5                          | 11 | expected NULL but found '5'",
        "paid AND amount                      | 10 | AND expects BOOLEAN but this is NUMBER",
        "NOT quantity                         | 5  | NOT expects BOOLEAN but this is NUMBER",
        "quantity BETWEEN 1 OR 2              | 20 | expected AND but found 'OR'",
        "status IN ('a', 1)                   | 17 | cannot compare STRING with NUMBER in IN",
        "amount > 1.2.3                       | 10 | malformed number '1.2.3'",
        "status = AND                         | 10 | expected a value but found keyword 'AND'",
        "status # 1                           | 8  | unexpected character '#'",
    })
    void reportsErrorsWithPositions(String expression, int position, String message) {
        assertThatThrownBy(() -> Expression.compile(expression, ORDERS))
                .isInstanceOfSatisfying(ExpressionException.class, e -> assertThat(e.position()).isEqualTo(position))
                .hasMessageStartingWith("at position " + position + ": " + message);
    }
}
