package dev.tributary.quality;

import dev.tributary.quality.api.RuleDefinitionException;

import org.apache.flink.annotation.Internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects rule-definition problems so that all of them are reported at once, each in the form
 * {@code dataset 'd', rule 'r', <field>: expected <what>}.
 */
@Internal
final class DefinitionErrors {
    private final String dataset;
    private final List<String> errors = new ArrayList<>();

    DefinitionErrors(String dataset) {
        this.dataset = dataset;
    }

    /**
     * Records a problem.
     *
     * @param rule the rule's name (or a placeholder such as {@code #3} when it has none)
     * @param field what is wrong: {@code column 'amount'}, {@code key 'regex'}, ...
     * @param expected what was expected, and what was found
     */
    void add(String rule, String field, String expected) {
        errors.add("dataset '" + dataset + "', rule '" + rule + "', " + field + ": expected " + expected);
    }

    /** The "what was expected" part of a conversion error from {@code Values.normalize}. */
    static String expectedPart(IllegalArgumentException e) {
        String m = String.valueOf(e.getMessage());
        return m.startsWith("expected ") ? m.substring("expected ".length()) : m;
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    int size() {
        return errors.size();
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new RuleDefinitionException(dataset, errors);
        }
    }
}
