package dev.tributary.quality.internal.expression;

import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.types.Row;

import javax.annotation.Nullable;

import java.util.List;

/**
 * A compiled boolean SQL expression over a dataset's columns. Compile once with {@link
 * #compile(String, RecordSchema)}; evaluation is thread-confined but allocation-light.
 *
 * <p>The language: comparisons {@code = <> != < <= > >=}, {@code AND OR NOT}, parentheses, {@code +
 * - * /}, {@code IS [NOT] NULL}, {@code [NOT] IN (...)}, {@code [NOT] LIKE}, {@code [NOT] BETWEEN ..
 * AND ..}, string ('it''s'), number and boolean literals, {@code NULL}, and column names (bare, or
 * quoted with double quotes or backticks). TIMESTAMP and DATE columns compare with ISO-8601 string
 * literals, converted once at compile time.
 */
@Internal
public final class Expression {
    private final String text;
    private final Node root;
    private final List<String> columns;

    Expression(String text, Node root, List<String> columns) {
        this.text = text;
        this.root = root;
        this.columns = List.copyOf(columns);
    }

    /**
     * Parses and type-checks an expression.
     *
     * @throws ExpressionException with the position of the first problem
     */
    public static Expression compile(String text, RecordSchema schema) {
        return new ExpressionParser(text, schema).parse();
    }

    /** The columns the expression reads, in order of first appearance. */
    public List<String> columns() {
        return columns;
    }

    public String text() {
        return text;
    }

    /**
     * Evaluates against a row: TRUE, FALSE, or null when the result is unknown (a null operand).
     *
     * @throws IllegalArgumentException when a referenced value is not of its declared class
     */
    @Nullable
    public Boolean evaluate(Row row) {
        try {
            return (Boolean) root.eval(row);
        } catch (Node.ValueTypeException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}
