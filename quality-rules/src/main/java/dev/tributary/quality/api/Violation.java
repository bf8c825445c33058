package dev.tributary.quality.api;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.util.Objects;

import static org.apache.flink.util.Preconditions.checkNotNull;

/** One failed rule for one record: the rule's name, its action, and what was wrong. */
@PublicEvolving
public final class Violation implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String rule;
    private final RuleAction action;
    private final String message;

    public Violation(String rule, RuleAction action, String message) {
        this.rule = checkNotNull(rule, "rule");
        this.action = checkNotNull(action, "action");
        this.message = checkNotNull(message, "message");
    }

    public String rule() {
        return rule;
    }

    public RuleAction action() {
        return action;
    }

    public String message() {
        return message;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Violation)) {
            return false;
        }
        Violation v = (Violation) o;
        return rule.equals(v.rule) && action == v.action && message.equals(v.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rule, action, message);
    }

    /** {@code rule: message}, the form used in quarantine reasons. */
    @Override
    public String toString() {
        return rule + ": " + message;
    }
}
