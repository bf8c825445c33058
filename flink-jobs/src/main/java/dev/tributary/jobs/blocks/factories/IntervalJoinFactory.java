package dev.tributary.jobs.blocks.factories;

import dev.tributary.jobs.blocks.BlockFactory;
import dev.tributary.jobs.blocks.BlockResult;
import dev.tributary.jobs.blocks.IntervalJoin;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code block: interval-join}: see {@link IntervalJoin}. Roles {@code left}, {@code right}. */
@Internal
public final class IntervalJoinFactory implements BlockFactory {
    public static final ConfigOption<List<String>> KEYS = ConfigOptions.key("keys").stringType().asList().noDefaultValue()
            .withDescription("Equality keys: 'col' (same name on both sides) or 'left_col = right_col'.");
    public static final ConfigOption<Duration> LOWER = ConfigOptions.key("lower").durationType().defaultValue(Duration.ZERO)
            .withDescription("a duration with a unit, negative for right records before the left one (e.g. -1 min):"
                    + " right event time >= left event time + lower.");
    public static final ConfigOption<Duration> UPPER = ConfigOptions.key("upper").durationType().noDefaultValue()
            .withDescription("a duration with a unit, may be negative (e.g. 15 min): right event time <= left event time + upper.");
    public static final ConfigOption<IntervalJoin.Type> TYPE = ConfigOptions.key("type").enumType(IntervalJoin.Type.class)
            .defaultValue(IntervalJoin.Type.LEFT).withDescription("left: keep unmatched left records; inner: drop them.");
    public static final ConfigOption<List<String>> LEFT_COLUMNS = ConfigOptions.key("left-columns").stringType().asList()
            .noDefaultValue().withDescription("Left columns in the output ('col' or 'col AS name'); default all but '_' ones.");
    public static final ConfigOption<List<String>> RIGHT_COLUMNS = ConfigOptions.key("right-columns").stringType().asList()
            .noDefaultValue().withDescription("Right columns of a pair output; default all but the keys and '_' ones.");
    public static final ConfigOption<String> RIGHT_PREFIX = ConfigOptions.key("right-prefix").stringType().noDefaultValue()
            .withDescription("Prefix of the right columns of a pair output.");
    /** Named aggregates: {@code aggregates.<name>.function|column|filter|type}. */
    public static final String AGGREGATES = "aggregates";
    static final Set<String> AGGREGATE_FIELDS = Set.of("function", "column", "filter", "type");

    private static final Set<ConfigOption<?>> OPTIONS = Set.of(KEYS, LOWER, UPPER, TYPE, LEFT_COLUMNS, RIGHT_COLUMNS, RIGHT_PREFIX);

    @Override
    public String identifier() {
        return "interval-join";
    }

    @Override
    public Set<String> inputRoles() {
        return Set.of("left", "right");
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(KEYS, UPPER);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(LOWER, TYPE, LEFT_COLUMNS, RIGHT_COLUMNS, RIGHT_PREFIX);
    }

    @Override
    public Set<String> prefixOptions() {
        return Set.of(AGGREGATES);
    }

    /** The block as the options declare it. */
    public static IntervalJoin join(ReadableConfig o, Map<String, String> raw) {
        try {
            List<List<String>> keys = Entries.keys(o.get(KEYS));
            IntervalJoin.Builder b = IntervalJoin.builder().keys(keys.get(0), keys.get(1))
                    .bounds(Entries.signedDuration(o, raw, LOWER), Entries.signedDuration(o, raw, UPPER)).type(o.get(TYPE));
            o.getOptional(LEFT_COLUMNS).ifPresent(b::leftColumns);
            o.getOptional(RIGHT_COLUMNS).ifPresent(b::rightColumns);
            o.getOptional(RIGHT_PREFIX).ifPresent(b::rightPrefix);
            Entries.read(raw, AGGREGATES, AGGREGATE_FIELDS, false).forEach((name, f) ->
                    b.aggregate(Entries.aggregate(AGGREGATES + "." + name, name, f)));
            return b.build();
        } catch (IllegalArgumentException e) {
            throw Entries.locate(e, AGGREGATES, OPTIONS);
        }
    }

    @Override
    public BlockResult translate(Context c) {
        IntervalJoin join = join(c.options(), c.rawOptions());
        try {
            return join.apply(c.layer(), c.model(), c.inputs().get("left"), c.inputs().get("right"), c.uidPrefix());
        } catch (IllegalArgumentException e) {
            throw Entries.locate(e, AGGREGATES, OPTIONS);
        }
    }
}
