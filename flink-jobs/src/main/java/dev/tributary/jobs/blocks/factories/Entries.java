package dev.tributary.jobs.blocks.factories;

import dev.tributary.jobs.blocks.Aggregate;
import dev.tributary.jobs.blocks.BlockOptionException;
import dev.tributary.jobs.blocks.OptionText;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.util.TimeUtils;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading named-entry options ({@code <prefix>.<name>.<field>}) and key pairs of the built-in blocks. */
@Internal
final class Entries {

    private Entries() {}

    /** Entries under {@code prefix}: name to (field to value), in declaration order; fields must be in {@code fields}. */
    static Map<String, Map<String, String>> read(Map<String, String> raw, String prefix, Set<String> fields, boolean scalar) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            if (!e.getKey().startsWith(prefix + ".")) {
                continue;
            }
            String rest = e.getKey().substring(prefix.length() + 1);
            int dot = rest.indexOf('.');
            if (scalar) {
                out.computeIfAbsent(rest, k -> new LinkedHashMap<>()).put("", e.getValue());
                continue;
            }
            if (dot < 0) {
                throw new BlockOptionException(e.getKey(), "option '" + e.getKey() + "' = '" + e.getValue()
                        + "'; expected a mapping with " + fields);
            }
            String field = rest.substring(dot + 1);
            if (!fields.contains(field)) {
                throw new BlockOptionException(e.getKey(), "field '" + field + "' of '" + prefix + "." + rest.substring(0, dot)
                        + "'; expected one of " + fields);
            }
            out.computeIfAbsent(rest.substring(0, dot), k -> new LinkedHashMap<>()).put(field, e.getValue());
        }
        return out;
    }

    /** An aggregate from its fields {@code function}, {@code column}, {@code filter}, {@code type}. */
    static Aggregate aggregate(String key, String name, Map<String, String> f) {
        String fn = f.get("function");
        if (fn == null) {
            throw new BlockOptionException(key, "no 'function' for '" + name + "'; expected one of " + functions());
        }
        Aggregate.Function function;
        try {
            function = Aggregate.Function.valueOf(fn.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new BlockOptionException(key + ".function", "function '" + fn + "'; expected one of " + functions());
        }
        Aggregate a;
        if (function == Aggregate.Function.ANY || function == Aggregate.Function.ALL) {
            String p = f.get("filter");
            if (p == null) {
                throw new BlockOptionException(key, "no 'filter' for '" + name + "'; " + fn + " needs a predicate ('filter')");
            }
            a = function == Aggregate.Function.ANY ? Aggregate.any(name, p) : Aggregate.all(name, p);
        } else {
            a = Aggregate.of(name, function, f.get("column"));
            if (f.get("filter") != null) {
                a = a.where(f.get("filter"));
            }
        }
        return f.get("type") != null ? a.as(f.get("type")) : a;
    }

    static List<String> functions() {
        List<String> n = new ArrayList<>();
        for (Aggregate.Function fn : Aggregate.Function.values()) {
            n.add(fn.key());
        }
        return n;
    }

    private static final Pattern UNPARSABLE = Pattern.compile("Could not parse value '(.*)' for key '([^']+)'");

    /**
     * A duration option that may be negative ({@code -1 min}): Flink's duration type refuses a sign, and an
     * interval join's bounds need one for right records before the left record.
     */
    static Duration signedDuration(ReadableConfig o, Map<String, String> raw, ConfigOption<Duration> option) {
        String text = raw.get(option.key());
        if (text == null || !text.trim().startsWith("-")) {
            return o.get(option);
        }
        String magnitude = text.trim().substring(1).trim();
        try {
            return TimeUtils.parseDuration(magnitude).negated();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new BlockOptionException(option.key(), option.key() + ": '" + text + "' cannot be read; expected "
                    + OptionText.of(option));
        }
    }

    /** Key entries {@code col} or {@code left_col = right_col} as two lists. */
    static List<List<String>> keys(List<String> entries) {
        List<String> l = new ArrayList<>();
        List<String> r = new ArrayList<>();
        for (String k : entries) {
            int eq = k.indexOf('=');
            l.add((eq < 0 ? k : k.substring(0, eq)).trim());
            r.add((eq < 0 ? k : k.substring(eq + 1)).trim());
        }
        return List.of(l, r);
    }

    /**
     * Turns a block's IllegalArgumentException into one located at the option its message starts with
     * ({@code keys: ...}, {@code aggregate 'x': ...}).
     */
    static RuntimeException locate(IllegalArgumentException e, String aggregatesPrefix, Set<ConfigOption<?>> options) {
        if (e instanceof BlockOptionException || e instanceof dev.tributary.jobs.blocks.BlockInputException) {
            return e;
        }
        String m = String.valueOf(e.getMessage());
        Matcher unparsable = UNPARSABLE.matcher(m);
        if (unparsable.find()) {
            // Flink's "Could not parse value 'x' for key 'k'.": say what the declaration expects, at the option.
            String key = unparsable.group(2);
            String expected = options.stream().filter(o -> o.key().equals(key)).findFirst()
                    .map(OptionText::of).orElse("a value of the option's type");
            return new BlockOptionException(key, key + ": '" + unparsable.group(1) + "' cannot be read; expected " + expected);
        }
        int colon = m.indexOf(": ");
        if (m.startsWith("aggregate '") || m.startsWith("derived '")) {
            String name = m.substring(m.indexOf('\'') + 1, m.indexOf('\'', m.indexOf('\'') + 1));
            return new BlockOptionException(aggregatesPrefix + "." + name, m);
        }
        if (colon > 0 && m.substring(0, colon).matches("[a-z][a-z -]*")) {
            return new BlockOptionException(m.substring(0, colon).replace(' ', '-'), m);
        }
        return e;
    }
}
