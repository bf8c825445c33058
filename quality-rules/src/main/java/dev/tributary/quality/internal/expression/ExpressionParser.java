package dev.tributary.quality.internal.expression;

import dev.tributary.quality.internal.expression.Node.ExprType;
import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser and type checker for {@link Expression}. Grammar, loosest first:
 *
 * <pre>
 * or        := and (OR and)*
 * and       := not (AND not)*
 * not       := NOT not | predicate
 * predicate := sum [ cmp sum | IS [NOT] NULL | [NOT] IN ( sum, ... ) | [NOT] LIKE sum
 *                  | [NOT] BETWEEN sum AND sum ]
 * sum       := product ((+|-) product)*
 * product   := unary ((*|/) unary)*
 * unary     := - unary | primary
 * primary   := literal | column | ( or )
 * </pre>
 */
@Internal
final class ExpressionParser {
    private static final Set<String> RESERVED = Set.of(
            "AND", "OR", "NOT", "IS", "NULL", "IN", "LIKE", "BETWEEN", "TRUE", "FALSE");

    private final String text;
    private final RecordSchema schema;
    private final List<Token> tokens;
    private final Set<String> columns = new LinkedHashSet<>();
    private int next;

    ExpressionParser(String text, RecordSchema schema) {
        this.text = text;
        this.schema = schema;
        this.tokens = Token.lex(text);
    }

    Expression parse() {
        if (tokens.get(0).kind == Token.Kind.EOF) {
            throw new ExpressionException(1, "expression is empty");
        }
        Node root = or();
        Token t = peek();
        if (t.kind != Token.Kind.EOF) {
            throw new ExpressionException(t.pos, "expected an operator or end of expression but found " + t.describe());
        }
        if (root.type != ExprType.BOOLEAN && root.type != ExprType.NULL) {
            throw new ExpressionException(root.pos, "expected a boolean expression but this is " + root.type);
        }
        return new Expression(text, root, new ArrayList<>(columns));
    }

    private Node or() {
        Node left = and();
        while (peek().isKeyword("OR")) {
            Token op = advance();
            left = new Node.Logic(false, bool(left, "OR"), bool(and(), "OR"), op.pos);
        }
        return left;
    }

    private Node and() {
        Node left = not();
        while (peek().isKeyword("AND")) {
            Token op = advance();
            left = new Node.Logic(true, bool(left, "AND"), bool(not(), "AND"), op.pos);
        }
        return left;
    }

    private Node not() {
        if (peek().isKeyword("NOT")) {
            Token op = advance();
            return new Node.Not(bool(not(), "NOT"), op.pos);
        }
        return predicate();
    }

    private Node predicate() {
        Node left = sum();
        Token t = peek();
        if (t.kind == Token.Kind.OP && List.of("=", "<>", "!=", "<", "<=", ">", ">=").contains(t.text)) {
            advance();
            Node right = sum();
            return compare(t.text, left, right, t.pos);
        }
        if (t.isKeyword("IS")) {
            advance();
            boolean negated = accept("NOT");
            expectKeyword("NULL");
            return new Node.IsNull(left, negated, t.pos);
        }
        boolean negated = false;
        if (t.isKeyword("NOT")) {
            Token after = tokens.get(next + 1);
            if (after.isKeyword("IN") || after.isKeyword("LIKE") || after.isKeyword("BETWEEN")) {
                advance();
                negated = true;
                t = peek();
            }
        }
        Node result;
        if (t.isKeyword("IN")) {
            advance();
            expectOp("(");
            List<Node> items = new ArrayList<>();
            do {
                Node item = sum();
                items.add(coerce(item, left, "IN"));
            } while (acceptOp(","));
            expectOp(")");
            result = new Node.In(left, items, t.pos);
        } else if (t.isKeyword("LIKE")) {
            advance();
            Node pattern = sum();
            requireType(left, ExprType.STRING, "LIKE");
            requireType(pattern, ExprType.STRING, "LIKE");
            result = new Node.Like(left, pattern, t.pos);
        } else if (t.isKeyword("BETWEEN")) {
            advance();
            Node low = sum();
            expectKeyword("AND");
            Node high = sum();
            result = new Node.Logic(true, compare(">=", left, low, t.pos), compare("<=", left, high, t.pos), t.pos);
        } else {
            return left;
        }
        return negated ? new Node.Not(result, t.pos) : result;
    }

    private Node compare(String op, Node left, Node right, int pos) {
        right = coerce(right, left, op);
        left = coerce(left, right, op);
        return new Node.Compare(op, left, right, pos);
    }

    /**
     * Makes {@code node} comparable with {@code other}: a string literal next to a TIMESTAMP or DATE
     * becomes an Instant or LocalDate literal; otherwise the types must be equal (or NULL).
     */
    private Node coerce(Node node, Node other, String op) {
        if (node.type == other.type || node.type == ExprType.NULL || other.type == ExprType.NULL) {
            return node;
        }
        if (node instanceof Node.Literal && node.type == ExprType.STRING
                && (other.type == ExprType.TIMESTAMP || other.type == ExprType.DATE)) {
            String s = (String) ((Node.Literal) node).value;
            try {
                return other.type == ExprType.TIMESTAMP
                        ? new Node.Literal(ExprType.TIMESTAMP, Instant.parse(s), node.pos)
                        : new Node.Literal(ExprType.DATE, LocalDate.parse(s), node.pos);
            } catch (RuntimeException e) {
                throw new ExpressionException(node.pos, "'" + s + "' is not an ISO-8601 "
                        + (other.type == ExprType.TIMESTAMP ? "instant such as '2024-01-31T10:15:30Z'" : "date such as '2024-01-31'"));
            }
        }
        if (other instanceof Node.Literal && other.type == ExprType.STRING
                && (node.type == ExprType.TIMESTAMP || node.type == ExprType.DATE)) {
            return node; // the other side is converted by the symmetric call
        }
        throw new ExpressionException(node.pos, "cannot compare " + other.type + " with " + node.type + " in " + op);
    }

    private Node sum() {
        Node left = product();
        while (peek().isOp("+") || peek().isOp("-")) {
            Token op = advance();
            Node right = product();
            left = new Node.Arithmetic(op.text.charAt(0), number(left, op.text), number(right, op.text), op.pos);
        }
        return left;
    }

    private Node product() {
        Node left = unary();
        while (peek().isOp("*") || peek().isOp("/")) {
            Token op = advance();
            Node right = unary();
            left = new Node.Arithmetic(op.text.charAt(0), number(left, op.text), number(right, op.text), op.pos);
        }
        return left;
    }

    private Node unary() {
        if (peek().isOp("-")) {
            Token op = advance();
            return new Node.Negate(number(unary(), "-"), op.pos);
        }
        return primary();
    }

    private Node primary() {
        Token t = advance();
        switch (t.kind) {
            case NUMBER:
                try {
                    return new Node.Literal(ExprType.NUMBER, new BigDecimal(t.text), t.pos);
                } catch (NumberFormatException e) {
                    throw new ExpressionException(t.pos, "malformed number '" + t.text + "'");
                }
            case STRING:
                return new Node.Literal(ExprType.STRING, t.text, t.pos);
            case QUOTED_IDENT:
                return column(t);
            case IDENT:
                if (t.isKeyword("TRUE") || t.isKeyword("FALSE")) {
                    return new Node.Literal(ExprType.BOOLEAN, Boolean.valueOf(t.text.toLowerCase()), t.pos);
                }
                if (t.isKeyword("NULL")) {
                    return new Node.Literal(ExprType.NULL, null, t.pos);
                }
                if (RESERVED.contains(t.text.toUpperCase())) {
                    throw new ExpressionException(t.pos, "expected a value but found keyword " + t.describe());
                }
                return column(t);
            default:
                if (t.isOp("(")) {
                    Node inner = or();
                    expectOp(")");
                    return inner;
                }
                throw new ExpressionException(t.pos, "expected a value but found " + t.describe());
        }
    }

    private Node column(Token t) {
        if (!schema.contains(t.text)) {
            throw new ExpressionException(t.pos, "unknown column '" + t.text + "' in dataset '" + schema.name()
                    + "'; columns are " + schema.fieldNames());
        }
        int position = schema.indexOf(t.text);
        Field f = schema.field(position);
        columns.add(f.name());
        return new Node.Column(typeOf(f), f.name(), position, f.type().javaClass(), f.type().name(), t.pos);
    }

    private static ExprType typeOf(Field f) {
        switch (f.type()) {
            case STRING:
                return ExprType.STRING;
            case BOOLEAN:
                return ExprType.BOOLEAN;
            case TIMESTAMP:
                return ExprType.TIMESTAMP;
            case DATE:
                return ExprType.DATE;
            default:
                return ExprType.NUMBER;
        }
    }

    private Node bool(Node n, String op) {
        return requireType(n, ExprType.BOOLEAN, op);
    }

    private Node number(Node n, String op) {
        return requireType(n, ExprType.NUMBER, op);
    }

    private static Node requireType(Node n, ExprType type, String op) {
        if (n.type != type && n.type != ExprType.NULL) {
            throw new ExpressionException(n.pos, op + " expects " + type + " but this is " + n.type);
        }
        return n;
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token advance() {
        Token t = tokens.get(next);
        if (t.kind != Token.Kind.EOF) {
            next++;
        }
        return t;
    }

    private boolean accept(String keyword) {
        if (peek().isKeyword(keyword)) {
            next++;
            return true;
        }
        return false;
    }

    private boolean acceptOp(String op) {
        if (peek().isOp(op)) {
            next++;
            return true;
        }
        return false;
    }

    private void expectKeyword(String keyword) {
        if (!accept(keyword)) {
            throw new ExpressionException(peek().pos, "expected " + keyword + " but found " + peek().describe());
        }
    }

    private void expectOp(String op) {
        if (!acceptOp(op)) {
            throw new ExpressionException(peek().pos, "expected '" + op + "' but found " + peek().describe());
        }
    }
}
