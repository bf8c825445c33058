package dev.tributary.quality.builtin;

import dev.tributary.quality.api.CheckContext;
import dev.tributary.quality.api.RecordRule;
import dev.tributary.quality.api.RuleAction;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.types.Row;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.List;

/**
 * Fails a record in which any of the columns is null. An empty string is a value, not a null: use a
 * pattern rule such as {@code .+} to reject empty strings.
 */
@PublicEvolving
public final class NotNullRule extends AbstractRule implements RecordRule {
    private static final long serialVersionUID = 1L;

    /** Identifier in pipeline definitions. */
    public static final String TYPE = "not-null";

    public NotNullRule(RecordSchema schema, String name, RuleAction action, List<String> columns) {
        super(schema, name, action, columns);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Nullable
    @Override
    public String check(Row row, CheckContext context) {
        List<String> nulls = null;
        for (int i = 0; i < positions.length; i++) {
            if (row.getField(positions[i]) == null) {
                if (nulls == null) {
                    nulls = new ArrayList<>(2);
                }
                nulls.add(columns().get(i));
            }
        }
        if (nulls == null) {
            return null;
        }
        return nulls.size() == 1 ? "column '" + nulls.get(0) + "' is null" : "columns " + nulls + " are null";
    }
}
