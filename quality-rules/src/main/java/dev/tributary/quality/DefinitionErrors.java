package dev.tributary.quality;

import dev.tributary.quality.api.RuleDefinitionException;

import org.apache.flink.annotation.Internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects rule-definition problems so that all of them are reported at once, each in the form
 * {@code dataset 'd', rule 'r', <field>: expected <what>}, grouped by rule in declaration order.
 */
@Internal
final class DefinitionErrors {
    private final String dataset;
    private final List<String[]> errors = new ArrayList<>(); // {rule, message}
    private final Set<String> reported = new HashSet<>(); // rule + field
    private final Map<String, Integer> order = new HashMap<>();

    DefinitionErrors(String dataset) {
        this.dataset = dataset;
    }

    /** Declares a rule, so that its errors are listed in declaration order. */
    void declare(String rule) {
        order.putIfAbsent(rule, order.size());
    }

    /**
     * Records a problem.
     *
     * @param rule the rule's name (or a placeholder such as {@code #3} when it has none)
     * @param field what is wrong: {@code column 'amount'}, {@code key 'regex'}, ...
     * @param expected what was expected, and what was found
     */
    void add(String rule, String field, String expected) {
        reported.add(rule + '\u0000' + field);
        errors.add(new String[] {rule, "dataset '" + dataset + "', rule '" + rule + "', " + field + ": expected " + expected});
    }

    /**
     * Records that a setting is missing, unless a problem with the same setting was already reported
     * (a value that could not be parsed is not also "missing").
     */
    void missing(String rule, String field, String expected) {
        if (!reported.contains(rule + '\u0000' + field)) {
            add(rule, field, expected);
        }
    }

    /** The "what was expected" part of a conversion error from {@code Values.normalize}. */
    static String expectedPart(IllegalArgumentException e) {
        String m = String.valueOf(e.getMessage());
        return m.startsWith("expected ") ? m.substring("expected ".length()) : m;
    }

    /** Whether any problem was recorded for this rule (by the parser or by validation). */
    boolean hasErrors(String rule) {
        for (String[] e : errors) {
            if (e[0].equals(rule)) {
                return true;
            }
        }
        return false;
    }

    int size() {
        return errors.size();
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            List<String[]> sorted = new ArrayList<>(errors);
            sorted.sort(Comparator.comparingInt(e -> order.getOrDefault(e[0], Integer.MAX_VALUE))); // stable
            List<String> messages = new ArrayList<>();
            for (String[] e : sorted) {
                messages.add(e[1]);
            }
            throw new RuleDefinitionException(dataset, messages);
        }
    }
}
