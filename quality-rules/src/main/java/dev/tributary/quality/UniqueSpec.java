package dev.tributary.quality;

import dev.tributary.quality.api.QualityRule;
import dev.tributary.quality.builtin.UniqueRule;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.List;

import static org.apache.flink.util.Preconditions.checkNotNull;

/** Configures a {@link UniqueRule}: key columns unique within tumbling event-time windows. */
@PublicEvolving
public final class UniqueSpec extends RuleSpec<UniqueSpec> {
    @Nullable Duration window;

    UniqueSpec(RuleSetBuilder parent, String name, List<String> columns) {
        super(parent, name, columns);
    }

    /** Size of the tumbling event-time window within which the key must be unique. Required. */
    public UniqueSpec window(Duration window) {
        this.window = checkNotNull(window, "window");
        return this;
    }

    @Override
    String type() {
        return UniqueRule.TYPE;
    }

    @Nullable
    @Override
    QualityRule create(RecordSchema schema, DefinitionErrors errors) {
        if (window == null || window.isZero() || window.isNegative()) {
            errors.missing(name, "key 'window'", "a positive duration such as '1 h'" + (window == null ? "; none was set" : ", got " + window));
        }
        validateCommon(schema, errors, 1, Integer.MAX_VALUE);
        return errors.hasErrors(name) ? null : new UniqueRule(schema, name, action, columns, window);
    }
}
