package dev.tributary.quality.builtin;

import dev.tributary.quality.api.CheckContext;
import dev.tributary.quality.api.RuleAction;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.apache.flink.util.Preconditions.checkArgument;

/**
 * Fails a record whose column value is not one of an allowed set. Strings compare exactly (case and
 * Unicode code points); numbers compare by value regardless of class or scale. A null value passes.
 */
@PublicEvolving
public final class AllowedValuesRule extends SingleColumnRule {
    private static final long serialVersionUID = 1L;

    /** Identifier in pipeline definitions. */
    public static final String TYPE = "allowed";

    private final HashSet<String> allowed;
    private final int shown;

    public AllowedValuesRule(
            RecordSchema schema, String name, RuleAction action, String column, Collection<?> values) {
        super(schema, name, action, column);
        checkArgument(!values.isEmpty(), "allowed rule '%s' needs at least one value", name);
        this.allowed = new HashSet<>();
        for (Object v : values) {
            allowed.add(Values.keyPart(Values.normalize(fields[0].type(), v)));
        }
        this.shown = Math.min(allowed.size(), 10);
    }

    /** The allowed values, canonicalized. */
    public Set<String> allowedValues() {
        return Set.copyOf(allowed);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Nullable
    @Override
    String checkValue(Object v, CheckContext context) {
        if (allowed.contains(Values.keyPart(v))) {
            return null;
        }
        List<String> some = new ArrayList<>(allowed);
        some.sort(null);
        return "column '" + columns().get(0) + "' is not one of " + some.subList(0, shown)
                + (allowed.size() > shown ? " (+" + (allowed.size() - shown) + " more)" : "");
    }
}
