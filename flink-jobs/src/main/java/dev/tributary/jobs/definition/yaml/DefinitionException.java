package dev.tributary.jobs.definition.yaml;

import org.apache.flink.annotation.PublicEvolving;

import java.util.List;

/**
 * An invalid pipeline definition. Carries every problem found (validation does not stop at the first),
 * sorted by position; the message has one line per problem.
 */
@PublicEvolving
public final class DefinitionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<DefinitionError> errors;

    public DefinitionException(List<DefinitionError> errors) {
        super(format(errors));
        this.errors = List.copyOf(errors);
    }

    public List<DefinitionError> errors() {
        return errors;
    }

    private static String format(List<DefinitionError> errors) {
        StringBuilder sb = new StringBuilder();
        sb.append(errors.size()).append(errors.size() == 1 ? " error" : " errors").append(" in the pipeline definition:");
        for (DefinitionError e : errors) {
            sb.append("\n  ").append(e);
        }
        return sb.toString();
    }
}
