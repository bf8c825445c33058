package dev.tributary.jobs.blocks.factories;

import dev.tributary.jobs.blocks.BlockFactory;
import dev.tributary.jobs.blocks.BlockOptionException;
import dev.tributary.jobs.blocks.BlockResult;
import dev.tributary.jobs.blocks.Derived;
import dev.tributary.jobs.blocks.WindowAggregate;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code block: window-aggregate}: see {@link WindowAggregate}. Role {@code input}. */
@Internal
public final class WindowAggregateFactory implements BlockFactory {
    public static final ConfigOption<Duration> SIZE = ConfigOptions.key("size").durationType().noDefaultValue()
            .withDescription("a duration with a unit (e.g. 5 min): the window length (tumbling windows unless 'slide' is set).");
    public static final ConfigOption<Duration> SLIDE = ConfigOptions.key("slide").durationType().noDefaultValue()
            .withDescription("a duration with a unit, at most 'size': hopping windows, one of 'size' starts every 'slide'.");
    public static final ConfigOption<List<String>> GROUP_BY = ConfigOptions.key("group-by").stringType().asList()
            .defaultValues().withDescription("Group columns (none: one row per window).");
    /** {@code group-defaults.<column>: value} replaces a null group value. */
    public static final String GROUP_DEFAULTS = "group-defaults";
    /** {@code measures.<name>.function|column|filter|type}, or {@code measures.<name>.ratio|type|rounding} (derived). */
    public static final String MEASURES = "measures";
    static final Set<String> MEASURE_FIELDS = Set.of("function", "column", "filter", "type", "ratio", "rounding");

    @Override
    public String identifier() {
        return "window-aggregate";
    }

    @Override
    public Set<String> inputRoles() {
        return Set.of("input");
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(SIZE);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(SLIDE, GROUP_BY);
    }

    @Override
    public Set<String> prefixOptions() {
        return Set.of(GROUP_DEFAULTS, MEASURES);
    }

    @Override
    public BlockResult translate(Context c) {
        try {
            Duration size = c.options().get(SIZE);
            WindowAggregate.Builder b = WindowAggregate.builder()
                    .hopping(size, c.options().getOptional(SLIDE).orElse(size))
                    .groupBy(c.options().get(GROUP_BY));
            Entries.read(c.rawOptions(), GROUP_DEFAULTS, Set.of(), true).forEach((col, v) -> b.groupDefault(col, v.get("")));
            for (Map.Entry<String, Map<String, String>> m : Entries.read(c.rawOptions(), MEASURES, MEASURE_FIELDS, false).entrySet()) {
                String key = MEASURES + "." + m.getKey();
                Map<String, String> f = m.getValue();
                if (f.containsKey("ratio")) {
                    b.derived(ratio(key, m.getKey(), f));
                } else {
                    b.measure(Entries.aggregate(key, m.getKey(), f));
                }
            }
            return b.build().apply(c.layer(), c.model(), c.inputs().get("input"), c.uidPrefix());
        } catch (IllegalArgumentException e) {
            throw Entries.locate(e, MEASURES, Set.of(SIZE, SLIDE, GROUP_BY));
        }
    }

    private static Derived ratio(String key, String name, Map<String, String> f) {
        String[] parts = f.get("ratio").split("/");
        if (parts.length != 2 || f.get("type") == null) {
            throw new BlockOptionException(key, "derived '" + name + "': ratio '" + f.get("ratio") + "'"
                    + (f.get("type") == null ? " without 'type'" : "") + "; expected 'ratio: numerator / denominator' over"
                    + " measures, with 'type: DECIMAL(p, s)'");
        }
        Derived d;
        try {
            d = Derived.ratio(name, parts[0].trim(), parts[1].trim(), f.get("type"));
        } catch (IllegalArgumentException e) {
            throw new BlockOptionException(key + ".type", e.getMessage());
        }
        if (f.get("rounding") != null) {
            try {
                d = d.rounding(RoundingMode.valueOf(f.get("rounding").trim().toUpperCase(Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException e) {
                throw new BlockOptionException(key + ".rounding", "rounding '" + f.get("rounding") + "'; expected one of "
                        + List.of(RoundingMode.values()));
            }
        }
        return d;
    }
}
