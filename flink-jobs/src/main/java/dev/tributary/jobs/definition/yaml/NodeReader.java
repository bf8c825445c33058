package dev.tributary.jobs.definition.yaml;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.MemorySize;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed, located access to {@link YamlNode}s: each accessor reports a problem (with what was found and
 * what was expected) and returns null or a fallback, so parsing continues and finds every error.
 */
@Internal
final class NodeReader {
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final DefinitionErrors errors;
    private final Map<String, String> env;
    /** Every value taken from the environment: secrets by default (credentials usually come that way). */
    private final Set<String> environmentValues = new java.util.LinkedHashSet<>();

    NodeReader(DefinitionErrors errors, Map<String, String> env) {
        this.errors = errors;
        this.env = env;
    }

    DefinitionErrors errors() {
        return errors;
    }

    Map<String, String> env() {
        return env;
    }

    /** Values substituted from {@code ${ENV}} so far (not defaults written in the file). */
    Set<String> environmentValues() {
        return environmentValues;
    }

    static String path(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** Checks that {@code node} is a mapping with only {@code allowed} keys; false when not a mapping. */
    boolean mapWithKeys(YamlNode node, String path, Set<String> allowed) {
        if (!node.isMap()) {
            errors.at(node, path, node.describe(), "a mapping with keys " + new TreeSet<>(allowed));
            return false;
        }
        for (String key : node.entries().keySet()) {
            if (!allowed.contains(key)) {
                errors.atKey(node, key, path(path, key), "unknown key '" + key + "'",
                        "one of " + new TreeSet<>(allowed) + Suggestions.didYouMean(key, allowed));
            }
        }
        return true;
    }

    /** A mapping whose keys are names (sources, models): must be a mapping; null otherwise. */
    boolean isNamedMap(@Nullable YamlNode node, String path, String what) {
        if (node == null) {
            return false;
        }
        if (!node.isMap()) {
            errors.at(node, path, node.describe(), "a mapping of " + what + " by name");
            return false;
        }
        return true;
    }

    @Nullable
    YamlNode required(YamlNode map, String key, String path, String expected) {
        YamlNode n = map.get(key);
        if (n == null || n.isNull()) {
            errors.at(n == null ? map : n, path(path, key), "no '" + key + "'", expected);
            return null;
        }
        return n;
    }

    @Nullable
    String string(@Nullable YamlNode n, String path, String expected) {
        if (n == null) {
            return null;
        }
        if (!n.isScalar() || n.value() == null || n.value() instanceof Boolean) {
            errors.at(n, path, n.describe(), expected);
            return null;
        }
        String s = String.valueOf(n.value());
        if (s.isBlank()) {
            errors.at(n, path, "an empty string", expected);
            return null;
        }
        return s;
    }

    @Nullable
    String requiredString(YamlNode map, String key, String path, String expected) {
        return string(required(map, key, path, expected), path(path, key), expected);
    }

    @Nullable
    String optString(YamlNode map, String key, String path, String expected) {
        return string(map.get(key), path(path, key), expected);
    }

    Duration duration(YamlNode map, String key, String path, Duration fallback) {
        YamlNode n = map.get(key);
        if (n == null) {
            return fallback;
        }
        String p = path(path, key);
        if (!n.isScalar() || n.value() == null || n.value() instanceof Boolean) {
            errors.at(n, p, n.describe(), Durations.EXPECTED);
            return fallback;
        }
        Duration d = Durations.parse(String.valueOf(n.value()));
        if (d == null) {
            String hint = n.value() instanceof Number ? " (a bare number has no unit)" : "";
            errors.at(n, p, n.describe() + hint, Durations.EXPECTED);
            return fallback;
        }
        if (d.isNegative()) {
            errors.at(n, p, n.describe(), "a duration >= 0");
            return fallback;
        }
        return d;
    }

    int integer(YamlNode map, String key, String path, int fallback, int min, int max) {
        YamlNode n = map.get(key);
        if (n == null) {
            return fallback;
        }
        String expected = ValueChecks.wholeNumber(min, max);
        if (!(n.value() instanceof Long) || !n.isScalar()) {
            errors.at(n, path(path, key), n.describe(), expected);
            return fallback;
        }
        long v = (Long) n.value();
        if (v < min || v > max) {
            errors.at(n, path(path, key), "" + v, expected);
            return fallback;
        }
        return (int) v;
    }

    @Nullable
    MemorySize memory(YamlNode map, String key, String path, MemorySize fallback) {
        YamlNode n = map.get(key);
        if (n == null) {
            return fallback;
        }
        String expected = "a size with a unit, like '64 mb' or '1 gb'";
        String s = string(n, path(path, key), expected);
        if (s == null) {
            return fallback;
        }
        try {
            if (s.trim().chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("no unit");
            }
            return MemorySize.parse(s);
        } catch (IllegalArgumentException e) {
            errors.at(n, path(path, key), n.describe(), expected);
            return fallback;
        }
    }

    /** A list of non-empty strings (a single string is taken as a one-element list). */
    @Nullable
    List<String> stringList(@Nullable YamlNode n, String path, String expected) {
        if (n == null) {
            return null;
        }
        if (n.isScalar() && n.value() instanceof String) {
            return List.of((String) n.value());
        }
        if (!n.isList() || n.items().isEmpty()) {
            errors.at(n, path, n.describe(), expected);
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.items().size(); i++) {
            String s = string(n.items().get(i), path + "[" + i + "]", expected);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Substitutes {@code ${NAME}} and {@code ${NAME:-default}} from the environment; a variable that is
     * not set (and has no default) is an error at the node.
     */
    @Nullable
    String substitute(String value, YamlNode node, String path) {
        Matcher m = ENV.matcher(value);
        StringBuilder out = new StringBuilder();
        boolean ok = true;
        while (m.find()) {
            String v = env.get(m.group(1));
            if (v != null) {
                environmentValues.add(v);
            } else {
                v = m.group(2);
            }
            if (v == null) {
                errors.at(node, path, "'${" + m.group(1) + "}' but environment variable " + m.group(1) + " is not set",
                        m.group(1) + " set in the environment of the process that starts the job"
                                + " (or a default: ${" + m.group(1) + ":-value})");
                ok = false;
                v = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return ok ? out.toString() : null;
    }

    /** A mapping of string options (scalars turned to text), with {@code ${ENV}} substituted. */
    Map<String, String> options(@Nullable YamlNode n, String path) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isMap()) {
            errors.at(n, path, n.describe(), "a mapping of option names to values");
            return out;
        }
        for (Map.Entry<String, YamlNode> e : n.entries().entrySet()) {
            YamlNode v = e.getValue();
            String p = path(path, e.getKey());
            if (!v.isScalar() || v.value() == null) {
                errors.at(v, p, v.describe(), "a single value (text, number or boolean)");
                continue;
            }
            String s = substitute(String.valueOf(v.value()), v, p);
            if (s != null) {
                out.put(e.getKey(), s);
            }
        }
        return out;
    }
}
