package dev.tributary.quality;

import dev.tributary.quality.api.QualityRule;
import dev.tributary.quality.builtin.AllowedValuesRule;
import dev.tributary.quality.builtin.Values;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import static org.apache.flink.util.Preconditions.checkNotNull;

/** Configures an {@link AllowedValuesRule}: STRING, BOOLEAN, numeric or DATE columns. */
@PublicEvolving
public final class AllowedSpec extends RuleSpec<AllowedSpec> {
    final List<Object> values = new ArrayList<>();

    AllowedSpec(RuleSetBuilder parent, String name, List<String> columns) {
        super(parent, name, columns);
    }

    /** Adds allowed values. */
    public AllowedSpec values(Object... values) {
        return values(Arrays.asList(checkNotNull(values, "values")));
    }

    /** Adds allowed values. */
    public AllowedSpec values(Collection<?> values) {
        for (Object v : checkNotNull(values, "values")) {
            this.values.add(checkNotNull(v, "allowed values of rule '%s' must not contain null", name));
        }
        return this;
    }

    @Override
    String type() {
        return AllowedValuesRule.TYPE;
    }

    @Nullable
    @Override
    QualityRule create(RecordSchema schema, DefinitionErrors errors) {
        if (values.isEmpty()) {
            errors.add(name, "key 'values'", "a non-empty list of allowed values");
        }
        if (!validateCommon(schema, errors, 1, 1)) {
            return null;
        }
        FieldType t = field(schema).type();
        if (t == FieldType.TIMESTAMP) {
            errors.add(name, "column '" + columns.get(0) + "'", "a STRING, BOOLEAN, numeric or DATE column, but it is TIMESTAMP");
            return null;
        }
        for (Object v : values) {
            try {
                Values.normalize(t, v);
            } catch (IllegalArgumentException e) {
                errors.add(name, "key 'values' for " + t + " column '" + columns.get(0) + "'", DefinitionErrors.expectedPart(e));
            }
        }
        return errors.hasErrors(name) ? null : new AllowedValuesRule(schema, name, action, columns.get(0), values);
    }
}
