package dev.tributary.quality.internal.expression;

import org.apache.flink.annotation.Internal;
import org.apache.flink.types.Row;

import javax.annotation.Nullable;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A node of a compiled expression. Evaluation follows SQL three-valued logic: a null operand makes
 * comparisons and arithmetic null (unknown). Runtime values are BigDecimal (all numbers), String,
 * Boolean, Instant (TIMESTAMP) and LocalDate (DATE).
 */
@Internal
abstract class Node {
    final ExprType type;
    final int pos;

    Node(ExprType type, int pos) {
        this.type = type;
        this.pos = pos;
    }

    @Nullable
    abstract Object eval(Row row);

    /** The static types of the language; NULL is the type of the NULL literal and fits anything. */
    enum ExprType {
        NUMBER,
        STRING,
        BOOLEAN,
        TIMESTAMP,
        DATE,
        NULL
    }

    static final class Literal extends Node {
        @Nullable final Object value;

        Literal(ExprType type, @Nullable Object value, int pos) {
            super(type, pos);
            this.value = value;
        }

        @Override
        Object eval(Row row) {
            return value;
        }
    }

    static final class Column extends Node {
        final String name;
        final int position;
        final Class<?> javaClass;
        final String declared;

        Column(ExprType type, String name, int position, Class<?> javaClass, String declared, int pos) {
            super(type, pos);
            this.name = name;
            this.position = position;
            this.javaClass = javaClass;
            this.declared = declared;
        }

        @Override
        Object eval(Row row) {
            Object v = row.getField(position);
            if (v == null) {
                return null;
            }
            if (!javaClass.isInstance(v)) {
                throw new ValueTypeException("column '" + name + "' holds a " + v.getClass().getSimpleName()
                        + ", expected " + declared);
            }
            if (type != ExprType.NUMBER || v instanceof BigDecimal) {
                return v;
            }
            if (v instanceof Double) {
                double d = (Double) v;
                return Double.isFinite(d) ? BigDecimal.valueOf(d) : null; // NaN/Infinity are unknown
            }
            return BigDecimal.valueOf(((Number) v).longValue());
        }
    }

    static final class Not extends Node {
        final Node operand;

        Not(Node operand, int pos) {
            super(ExprType.BOOLEAN, pos);
            this.operand = operand;
        }

        @Override
        Object eval(Row row) {
            Object v = operand.eval(row);
            return v == null ? null : !(Boolean) v;
        }
    }

    static final class Logic extends Node {
        final boolean and;
        final Node left;
        final Node right;

        Logic(boolean and, Node left, Node right, int pos) {
            super(ExprType.BOOLEAN, pos);
            this.and = and;
            this.left = left;
            this.right = right;
        }

        @Override
        Object eval(Row row) {
            Boolean l = (Boolean) left.eval(row);
            if (l != null && l != and) {
                return l; // short-circuit: FALSE AND x, TRUE OR x
            }
            Boolean r = (Boolean) right.eval(row);
            if (r != null && r != and) {
                return r;
            }
            return l == null || r == null ? null : and;
        }
    }

    static final class Compare extends Node {
        final String op;
        final Node left;
        final Node right;

        Compare(String op, Node left, Node right, int pos) {
            super(ExprType.BOOLEAN, pos);
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        Object eval(Row row) {
            Object l = left.eval(row);
            Object r = right.eval(row);
            if (l == null || r == null) {
                return null;
            }
            int c = compare(l, r);
            switch (op) {
                case "=":
                    return c == 0;
                case "<>":
                case "!=":
                    return c != 0;
                case "<":
                    return c < 0;
                case "<=":
                    return c <= 0;
                case ">":
                    return c > 0;
                default:
                    return c >= 0;
            }
        }

        @SuppressWarnings("unchecked")
        static int compare(Object l, Object r) {
            return ((Comparable<Object>) l).compareTo(r);
        }
    }

    static final class Arithmetic extends Node {
        final char op;
        final Node left;
        final Node right;

        Arithmetic(char op, Node left, Node right, int pos) {
            super(ExprType.NUMBER, pos);
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        Object eval(Row row) {
            BigDecimal l = (BigDecimal) left.eval(row);
            BigDecimal r = (BigDecimal) right.eval(row);
            if (l == null || r == null) {
                return null;
            }
            switch (op) {
                case '+':
                    return l.add(r);
                case '-':
                    return l.subtract(r);
                case '*':
                    return l.multiply(r);
                default:
                    // Division by zero is unknown rather than an error, like a null operand.
                    return r.signum() == 0 ? null : l.divide(r, MathContext.DECIMAL128);
            }
        }
    }

    static final class Negate extends Node {
        final Node operand;

        Negate(Node operand, int pos) {
            super(ExprType.NUMBER, pos);
            this.operand = operand;
        }

        @Override
        Object eval(Row row) {
            BigDecimal v = (BigDecimal) operand.eval(row);
            return v == null ? null : v.negate();
        }
    }

    static final class IsNull extends Node {
        final Node operand;
        final boolean negated;

        IsNull(Node operand, boolean negated, int pos) {
            super(ExprType.BOOLEAN, pos);
            this.operand = operand;
            this.negated = negated;
        }

        @Override
        Object eval(Row row) {
            return (operand.eval(row) == null) != negated;
        }
    }

    static final class In extends Node {
        final Node operand;
        final List<Node> items;

        In(Node operand, List<Node> items, int pos) {
            super(ExprType.BOOLEAN, pos);
            this.operand = operand;
            this.items = items;
        }

        @Override
        Object eval(Row row) {
            Object v = operand.eval(row);
            if (v == null) {
                return null;
            }
            boolean sawNull = false;
            for (Node item : items) {
                Object i = item.eval(row);
                if (i == null) {
                    sawNull = true;
                } else if (Compare.compare(v, i) == 0) {
                    return true;
                }
            }
            return sawNull ? null : Boolean.FALSE;
        }
    }

    static final class Like extends Node {
        final Node operand;
        final Node pattern;
        @Nullable final Pattern constant;

        Like(Node operand, Node pattern, int pos) {
            super(ExprType.BOOLEAN, pos);
            this.operand = operand;
            this.pattern = pattern;
            this.constant = pattern instanceof Literal && ((Literal) pattern).value != null
                    ? toRegex((String) ((Literal) pattern).value)
                    : null;
        }

        @Override
        Object eval(Row row) {
            String v = (String) operand.eval(row);
            if (v == null) {
                return null;
            }
            Pattern p = constant;
            if (p == null) {
                String text = (String) pattern.eval(row);
                if (text == null) {
                    return null;
                }
                p = toRegex(text);
            }
            return p.matcher(v).matches();
        }

        /** SQL LIKE: {@code %} is any run of characters, {@code _} exactly one; the rest is literal. */
        static Pattern toRegex(String like) {
            StringBuilder sb = new StringBuilder();
            StringBuilder literal = new StringBuilder();
            for (int i = 0; i < like.length(); i++) {
                char c = like.charAt(i);
                if (c == '%' || c == '_') {
                    if (literal.length() > 0) {
                        sb.append(Pattern.quote(literal.toString()));
                        literal.setLength(0);
                    }
                    sb.append(c == '%' ? ".*" : ".");
                } else {
                    literal.append(c);
                }
            }
            if (literal.length() > 0) {
                sb.append(Pattern.quote(literal.toString()));
            }
            return Pattern.compile(sb.toString(), Pattern.DOTALL);
        }
    }

    /** A row value whose class does not match the schema; reported as a violation by the rule. */
    static final class ValueTypeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ValueTypeException(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "@" + pos + ":" + Objects.toString(type);
    }
}
