package dev.tributary.quality;

import dev.tributary.quality.api.QualityRule;
import dev.tributary.quality.builtin.PatternRule;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;

import javax.annotation.Nullable;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static org.apache.flink.util.Preconditions.checkNotNull;

/** Configures a {@link PatternRule}: a Java regex that a STRING column must match in full. */
@PublicEvolving
public final class PatternSpec extends RuleSpec<PatternSpec> {
    @Nullable String regex;

    PatternSpec(RuleSetBuilder parent, String name, List<String> columns) {
        super(parent, name, columns);
    }

    /** The regular expression; the whole value must match. */
    public PatternSpec regex(String regex) {
        this.regex = checkNotNull(regex, "regex");
        return this;
    }

    @Override
    String type() {
        return PatternRule.TYPE;
    }

    @Nullable
    @Override
    QualityRule create(RecordSchema schema, DefinitionErrors errors) {
        if (regex == null) {
            errors.missing(name, "key 'regex'", "a Java regular expression; none was set");
        } else {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                errors.add(name, "key 'regex'", "a valid Java regular expression, got '" + regex + "': "
                        + e.getDescription() + " near index " + e.getIndex());
            }
        }
        if (validateCommon(schema, errors, 1, 1) && field(schema).type() != FieldType.STRING) {
            errors.add(name, "column '" + columns.get(0) + "'", "a STRING column, but it is " + field(schema).type());
        }
        return errors.hasErrors(name) ? null : new PatternRule(schema, name, action, columns.get(0), regex);
    }
}
