package dev.tributary.quality.builtin;

import dev.tributary.quality.api.QualityRule;
import dev.tributary.quality.api.RuleAction;
import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;

import java.util.List;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * Common state of the built-in rules: identity, action, and column positions resolved once against
 * the dataset schema (never per record).
 */
@Internal
public abstract class AbstractRule implements QualityRule {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final String dataset;
    private final RuleAction action;
    private final List<String> columns;
    protected final int[] positions;
    protected final Field[] fields;

    protected AbstractRule(RecordSchema schema, String name, RuleAction action, List<String> columns) {
        this.name = checkNotNull(name, "name");
        this.dataset = schema.name();
        this.action = checkNotNull(action, "action");
        this.columns = List.copyOf(columns);
        checkArgument(!this.columns.isEmpty() || this instanceof ExpressionRule,
                "rule '%s' needs at least one column", name);
        this.positions = new int[this.columns.size()];
        this.fields = new Field[this.columns.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = schema.indexOf(this.columns.get(i));
            fields[i] = schema.field(positions[i]);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String dataset() {
        return dataset;
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public RuleAction action() {
        return action;
    }

    @Override
    public String toString() {
        return type() + " rule '" + name + "' on " + dataset + columns + " -> " + action;
    }
}
