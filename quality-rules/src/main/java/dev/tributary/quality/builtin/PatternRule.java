package dev.tributary.quality.builtin;

import dev.tributary.quality.api.CheckContext;
import dev.tributary.quality.api.RuleAction;
import dev.tributary.quality.api.RuleContext;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;

import javax.annotation.Nullable;

import java.util.regex.Pattern;

import static org.apache.flink.util.Preconditions.checkArgument;

/**
 * Fails a record whose STRING column does not match a Java regular expression in full (as {@link
 * java.util.regex.Matcher#matches()}, not a substring search). A null value passes; an empty string
 * is checked like any other value.
 */
@PublicEvolving
public final class PatternRule extends SingleColumnRule {
    private static final long serialVersionUID = 1L;

    /** Identifier in pipeline definitions. */
    public static final String TYPE = "pattern";

    private final String regex;
    @Nullable private transient Pattern pattern;

    /**
     * @throws java.util.regex.PatternSyntaxException for a bad expression
     */
    public PatternRule(RecordSchema schema, String name, RuleAction action, String column, String regex) {
        super(schema, name, action, column);
        checkArgument(fields[0].type() == FieldType.STRING,
                "pattern rule '%s' needs a STRING column, '%s' is %s", name, column, fields[0].type());
        this.pattern = Pattern.compile(regex);
        this.regex = regex;
    }

    public String regex() {
        return regex;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void open(RuleContext context) {
        compiled();
    }

    private Pattern compiled() {
        if (pattern == null) {
            pattern = Pattern.compile(regex);
        }
        return pattern;
    }

    @Nullable
    @Override
    String checkValue(Object v, CheckContext context) {
        return compiled().matcher((String) v).matches()
                ? null
                : "column '" + columns().get(0) + "' does not match /" + regex + "/";
    }
}
