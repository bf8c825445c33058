package dev.tributary.jobs.definition.yaml;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.util.Locale;
import java.util.Set;

/**
 * Checks shared by the YAML reader and the command line, so a value refused in a definition is refused
 * in the same words when it comes as a flag ({@code runtime.parallelism} and {@code --parallelism},
 * {@code lake.root} and {@code --lake}).
 */
@Internal
public final class ValueChecks {
    /** What a lake root may be. */
    public static final String LAKE_ROOT_EXPECTED = "a local path, file:///path or s3a://bucket/prefix";
    /** Flink's bounds for a job's parallelism. */
    public static final int MIN_PARALLELISM = 1;

    public static final int MAX_PARALLELISM = 32768;

    private static final Set<String> LAKE_SCHEMES = Set.of("file", "s3a", "hdfs");

    private ValueChecks() {}

    /** "a whole number from min to max": the expectation of every bounded integer, YAML or flag. */
    public static String wholeNumber(long min, long max) {
        return "a whole number from " + min + " to " + max;
    }

    /**
     * What is expected of a lake root, or null when {@code root} is acceptable. {@code s3://} and {@code
     * s3n://} get the reason to use {@code s3a://}.
     */
    @Nullable
    public static String lakeRootProblem(String root) {
        int scheme = root.indexOf("://");
        if (root.isBlank() || root.equals("s3a://") || root.equals("file://")) {
            return LAKE_ROOT_EXPECTED;
        }
        String s = scheme > 0 ? root.substring(0, scheme).toLowerCase(Locale.ROOT) : "";
        if (scheme > 0 && !LAKE_SCHEMES.contains(s)) {
            return LAKE_ROOT_EXPECTED
                    + (s.equals("s3") || s.equals("s3n")
                            ? " (use s3a://: the Hadoop S3 file system has exactly-once recoverable writers for the lake sink)"
                            : "");
        }
        return null;
    }
}
