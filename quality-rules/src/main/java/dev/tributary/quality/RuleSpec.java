package dev.tributary.quality;

import dev.tributary.quality.api.QualityRule;
import dev.tributary.quality.api.RuleAction;
import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;

import javax.annotation.Nullable;

import java.util.List;
import java.util.regex.Pattern;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * The part of a {@link RuleSetBuilder} chain that configures one rule. Type-specific setters return
 * the spec; {@link #action(RuleAction)} (or a shortcut such as {@link #quarantine()}) ends the rule
 * and returns the rule-set builder. Nothing is validated until {@link RuleSetBuilder#build()}, which
 * reports every problem at once.
 *
 * @param <S> the concrete spec type, so setters chain without casts
 */
@PublicEvolving
public abstract class RuleSpec<S extends RuleSpec<S>> {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private final RuleSetBuilder parent;
    final String name;
    final List<String> columns;
    @Nullable RuleAction action;

    RuleSpec(RuleSetBuilder parent, String name, List<String> columns) {
        this.parent = parent;
        this.name = checkNotNull(name, "rule name");
        this.columns = List.copyOf(columns);
    }

    /** The rule type, as spelled in pipeline definitions. */
    abstract String type();

    /** Validates this spec's own settings and creates the rule, or records errors and returns null. */
    @Nullable
    abstract QualityRule create(RecordSchema schema, DefinitionErrors errors);

    /** Sets the action and returns to the rule-set builder. */
    public RuleSetBuilder action(RuleAction action) {
        this.action = checkNotNull(action, "action of rule '%s'", name);
        return parent;
    }

    /** Shortcut for {@code action(RuleAction.WARN)}. */
    public RuleSetBuilder warn() {
        return action(RuleAction.WARN);
    }

    /** Shortcut for {@code action(RuleAction.DROP)}. */
    public RuleSetBuilder drop() {
        return action(RuleAction.DROP);
    }

    /** Shortcut for {@code action(RuleAction.QUARANTINE)}. */
    public RuleSetBuilder quarantine() {
        return action(RuleAction.QUARANTINE);
    }

    /** Shortcut for {@code action(RuleAction.FAIL)}. */
    public RuleSetBuilder fail() {
        return action(RuleAction.FAIL);
    }

    @SuppressWarnings("unchecked")
    final S self() {
        return (S) this;
    }

    /**
     * Checks what every rule needs: a usable name, an action and existing columns.
     *
     * @return whether the columns are usable, so that type checks on them can still run (and be
     *     reported) when the name or action is wrong
     */
    final boolean validateCommon(RecordSchema schema, DefinitionErrors errors, int minColumns, int maxColumns) {
        if (!name.startsWith("#") && !NAME.matcher(name).matches()) { // "#n": unnamed, reported by the parser
            errors.add(name, "key 'name'", "letters, digits, '_', '.' or '-' (it names metrics), got '" + name + "'");
        }
        if (action == null) {
            errors.missing(name, "key 'action'", "one of warn, drop, quarantine, fail; none was set");
        }
        int before = errors.size();
        if (columns.size() < minColumns || columns.size() > maxColumns) {
            errors.add(name, "key 'columns'", (minColumns == maxColumns ? "exactly " + minColumns
                    : minColumns + (maxColumns == Integer.MAX_VALUE ? " or more" : " to " + maxColumns))
                    + " column(s) for a " + type() + " rule, got " + columns);
        }
        for (String c : columns) {
            if (c == null || !schema.contains(c)) {
                errors.add(name, "column '" + c + "'", "one of the dataset's columns " + schema.fieldNames());
            }
        }
        return errors.size() == before;
    }

    /** The single column's field; call only after {@link #validateCommon} succeeded. */
    final Field field(RecordSchema schema) {
        return schema.field(columns.get(0));
    }
}
