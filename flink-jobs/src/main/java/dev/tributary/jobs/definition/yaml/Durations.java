package dev.tributary.jobs.definition.yaml;

import org.apache.flink.annotation.Internal;
import org.apache.flink.util.TimeUtils;

import java.time.Duration;

/** Parses durations as written in definitions: {@code 500 ms}, {@code 5 s}, {@code 10 min}, {@code 1 h}, {@code 7 d}. */
@Internal
public final class Durations {
    public static final String EXPECTED = "a duration with a unit, like '500 ms', '5 s', '10 min', '1 h' or '7 d'";

    private Durations() {}

    /** The duration, or null when the text is not one (a bare number has no unit and is refused). */
    public static Duration parse(String text) {
        String t = text.trim();
        if (t.isEmpty() || t.chars().allMatch(Character::isDigit)) {
            return null;
        }
        try {
            return TimeUtils.parseDuration(t);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** {@code 5 s}, {@code 10 min}, {@code 1 h}: the largest unit that divides the duration. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0 s";
        }
        if (ms % 86_400_000L == 0) {
            return ms / 86_400_000L + " d";
        }
        if (ms % 3_600_000L == 0) {
            return ms / 3_600_000L + " h";
        }
        if (ms % 60_000L == 0) {
            return ms / 60_000L + " min";
        }
        if (ms % 1000L == 0) {
            return ms / 1000L + " s";
        }
        return ms + " ms";
    }
}
