package dev.tributary.jobs.cli;

import dev.tributary.jobs.compose.ResolvedPipeline;
import dev.tributary.jobs.definition.Secrets;
import dev.tributary.jobs.definition.yaml.Durations;
import dev.tributary.jobs.definition.yaml.ValueChecks;
import dev.tributary.transforms.api.PiiKey;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code --name value} / {@code --flag} arguments; unknown names are usage errors listing the known ones.
 *
 * <p>Typed getters check a flag the way the YAML reader checks the same setting, with the same words
 * ({@code --parallelism: found 0; expected a whole number from 1 to 32768}, like {@code runtime.parallelism}).
 * Every problem is a {@link UsageException}: exit code 2, nothing started. New flags use these getters
 * (or {@link #invalid}) so a bad value never reaches Flink as an {@code IllegalArgumentException}, which
 * would exit 1 ("the job failed").
 */
@Internal
public final class CliArgs {

    private final Map<String, String> values = new LinkedHashMap<>();

    public CliArgs(List<String> args, Set<String> known, Set<String> flags) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                throw new UsageException("unexpected argument '" + a + "'; options are " + new TreeSet<>(known));
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!known.contains(name)) {
                throw new UsageException("unknown option '--" + name + "'; options are " + new TreeSet<>(known));
            }
            if (value == null) {
                if (flags.contains(name)) {
                    value = "true";
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException("option '--" + name + "' needs a value");
                }
            }
            values.put(name, value);
        }
    }

    public String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(values.getOrDefault(name, "false"));
    }

    /** A whole number, unbounded (prefer the bounded overload). */
    public long getLong(String name, long fallback) {
        return getLong(name, fallback, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** A whole number from {@code min} to {@code max}; {@code _} separators allowed ({@code 1_000_000}). */
    public long getLong(String name, long fallback, long min, long max) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        String expected = min == Long.MIN_VALUE && max == Long.MAX_VALUE ? "a whole number" : ValueChecks.wholeNumber(min, max);
        long n;
        try {
            n = Long.parseLong(v.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw invalid(name, "'" + v + "'", expected);
        }
        if (n < min || n > max) {
            throw invalid(name, String.valueOf(n), expected);
        }
        return n;
    }

    int getInt(String name, int fallback, int min, int max) {
        return (int) getLong(name, fallback, min, max);
    }

    /** {@code --parallelism}: the same bounds as {@code runtime.parallelism}. */
    public int parallelism(String name, int fallback) {
        return getInt(name, fallback, ValueChecks.MIN_PARALLELISM, ValueChecks.MAX_PARALLELISM);
    }

    /** A duration with a unit ({@code 5 s}, {@code 10 min}), at least {@code min}. */
    Duration getDuration(String name, Duration fallback, Duration min) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        Duration d = Durations.parse(v);
        if (d == null) {
            throw invalid(name, "'" + v + "'", Durations.EXPECTED);
        }
        if (d.compareTo(min) < 0) {
            throw invalid(name, "'" + v + "'", "a duration of at least " + Durations.format(min));
        }
        return d;
    }

    /** One of {@code allowed} (case-insensitive), returned lower-case. */
    public String getChoice(String name, String fallback, Set<String> allowed) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        String lower = v.trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(lower)) {
            throw invalid(name, "'" + v + "'", "one of " + new TreeSet<>(allowed));
        }
        return lower;
    }

    /** A lake root, refused in the words of {@code lake.root} (e.g. {@code s3://} gets "use s3a://"). */
    @Nullable
    public String lakeRoot(String name, @Nullable String fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        String problem = ValueChecks.lakeRootProblem(v);
        if (problem != null) {
            throw invalid(name, "'" + Secrets.maskUserInfo(v) + "'", problem);
        }
        return v;
    }

    /** A required, non-blank value. */
    String required(String name, String what) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw new UsageException("--" + name + " is required" + (what.isEmpty() ? "" : " (" + what + ")"));
        }
        return v;
    }

    /** A usage error about one flag, rendered like a definition error: {@code --name: found X; expected Y}. */
    public static UsageException invalid(String name, String found, String expected) {
        return new UsageException("--" + name + ": found " + found + "; expected " + expected);
    }

    /**
     * The PII key from {@code variable} in {@code env} (and the key id from {@value PiiKey#ENV_KEY_ID}); a
     * missing, short, blank or low-entropy secret is a usage error that never prints the secret.
     */
    public static PiiKey piiKey(Map<String, String> env, String variable, String where) {
        String secret = env.get(variable);
        if (secret == null || secret.isEmpty()) {
            throw new UsageException("no PII key: set the environment variable " + variable + where);
        }
        try {
            return new PiiKey(env.getOrDefault(PiiKey.ENV_KEY_ID, PiiKey.DEFAULT_KEY_ID), secret);
        } catch (IllegalArgumentException e) {
            throw new UsageException(variable + ": " + e.getMessage());
        }
    }

    /**
     * The PII key of a run: read from {@link PiiKey#ENV_SECRET} when set (and then checked); null when it is not set and
     * no source declares PII columns (only hashing them needs it). A source declaring PII without a key is a
     * definition error located at that source's {@code bronze.pii}.
     */
    @Nullable
    public static PiiKey piiKey(ResolvedPipeline p, Map<String, String> env) {
        String where = " (at least 16 characters)";
        String secret = env.get(PiiKey.ENV_SECRET);
        if (secret != null && !secret.isEmpty()) {
            return piiKey(env, PiiKey.ENV_SECRET, where);
        }
        p.requirePiiKey("the environment variable " + PiiKey.ENV_SECRET + where);
        return null;
    }

    /** A usage error: printed without a stack trace, exit code 2. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }
}
