package dev.tributary.quality.api;

import org.apache.flink.annotation.PublicEvolving;

import java.util.Arrays;
import java.util.Locale;

/**
 * What happens to a record that fails a rule. When a record fails several rules, the most severe
 * action wins, in the order {@code FAIL > QUARANTINE > DROP > WARN}: quarantine beats drop so that
 * evidence of a problem is kept rather than silently discarded.
 */
@PublicEvolving
public enum RuleAction {
    /** Count the failure and keep the record. */
    WARN,
    /** Count the failure and discard the record. */
    DROP,
    /** Route the record, with every failed rule's name and message, to the dataset's quarantine. */
    QUARANTINE,
    /** Stop the job with an exception naming the dataset, the rule and the (rendered) record. */
    FAIL;

    /** Severity rank; a higher rank wins when a record fails several rules. */
    public int severity() {
        switch (this) {
            case WARN:
                return 0;
            case DROP:
                return 1;
            case QUARANTINE:
                return 2;
            default:
                return 3;
        }
    }

    /** The spelling used in pipeline definitions: {@code warn}, {@code drop}, ... */
    public String identifier() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses an action as written in a pipeline definition, case-insensitive.
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static RuleAction parse(String text) {
        for (RuleAction a : values()) {
            if (a.name().equalsIgnoreCase(text.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException(
                "unknown action '" + text + "', expected one of "
                        + Arrays.toString(Arrays.stream(values()).map(RuleAction::identifier).toArray()));
    }
}
