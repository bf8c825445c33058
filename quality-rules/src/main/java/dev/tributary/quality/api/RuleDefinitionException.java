package dev.tributary.quality.api;

import org.apache.flink.annotation.PublicEvolving;

import java.util.List;

/**
 * An invalid rule definition, refused when the rule set is built. Lists every problem found, each
 * naming the dataset, the rule, the field and what was expected.
 */
@PublicEvolving
public class RuleDefinitionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> errors;

    public RuleDefinitionException(String dataset, List<String> errors) {
        super(format(dataset, errors));
        this.errors = List.copyOf(errors);
    }

    /** Every problem found, one line each. */
    public List<String> errors() {
        return errors;
    }

    private static String format(String dataset, List<String> errors) {
        StringBuilder sb = new StringBuilder()
                .append(errors.size()).append(" invalid quality rule definition(s) for dataset '")
                .append(dataset).append("':");
        for (String e : errors) {
            sb.append("\n  - ").append(e);
        }
        return sb.toString();
    }
}
