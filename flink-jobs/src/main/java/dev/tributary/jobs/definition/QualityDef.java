package dev.tributary.jobs.definition;

import dev.tributary.quality.RuleDefinitions;
import dev.tributary.quality.RuleSet;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A dataset's quality rules and breaker as written in the definition (plain maps), turned into a
 * {@link RuleSet} by {@link RuleDefinitions}. Kept as maps so the definition stays comparable and printable.
 */
@PublicEvolving
public final class QualityDef implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final QualityDef NONE = new QualityDef(List.of(), null);

    private final List<Map<String, Object>> rules;
    @Nullable private final Map<String, Object> breaker;

    public QualityDef(List<Map<String, Object>> rules, @Nullable Map<String, Object> breaker) {
        List<Map<String, Object>> copy = new ArrayList<>();
        rules.forEach(r -> copy.add(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(r))));
        this.rules = List.copyOf(copy);
        this.breaker = breaker == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(breaker));
    }

    public static QualityDef none() {
        return NONE;
    }

    public boolean isEmpty() {
        return rules.isEmpty() && breaker == null;
    }

    public List<Map<String, Object>> rules() {
        return rules;
    }

    @Nullable
    public Map<String, Object> breaker() {
        return breaker;
    }

    /**
     * The rule set over rows of {@code schema}.
     *
     * @throws dev.tributary.quality.api.RuleDefinitionException listing every problem
     */
    public RuleSet toRuleSet(RecordSchema schema) {
        return RuleDefinitions.fromMap(schema, rules, breaker);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QualityDef && rules.equals(((QualityDef) o).rules)
                && Objects.equals(breaker, ((QualityDef) o).breaker);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rules, breaker);
    }

    @Override
    public String toString() {
        return "QualityDef{rules=" + rules + ", breaker=" + breaker + "}";
    }
}
