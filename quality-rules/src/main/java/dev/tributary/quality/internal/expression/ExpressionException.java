package dev.tributary.quality.internal.expression;

import org.apache.flink.annotation.Internal;

/** A syntax or type error in a rule expression, with the 1-based character position it refers to. */
@Internal
public final class ExpressionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int position;

    ExpressionException(int position, String message) {
        super("at position " + position + ": " + message);
        this.position = position;
    }

    /** 1-based character position in the expression text. */
    public int position() {
        return position;
    }
}
