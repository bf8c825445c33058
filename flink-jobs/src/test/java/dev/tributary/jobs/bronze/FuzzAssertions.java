package dev.tributary.jobs.bronze;

import java.util.List;

/** Shared checks of the fuzz tests. */
final class FuzzAssertions {
    private FuzzAssertions() {}

    /** Fails naming the first planted PII value found in clear inside any of {@code strings}. */
    static void assertNoPlantedValue(List<String> planted, List<String> strings) {
        // Planted values are unique and at least 13 characters; index them by a short prefix to keep this linear-ish.
        java.util.Map<String, List<String>> byPrefix = new java.util.HashMap<>();
        for (String p : planted) {
            byPrefix.computeIfAbsent(p.substring(p.length() - 8), k -> new java.util.ArrayList<>()).add(p);
        }
        for (String s : strings) {
            if (s == null) {
                continue;
            }
            for (int i = 0; i + 8 <= s.length(); i++) {
                List<String> candidates = byPrefix.get(s.substring(i, i + 8));
                if (candidates == null) {
                    continue;
                }
                for (String p : candidates) {
                    int start = i + 8 - p.length();
                    if (start >= 0 && s.startsWith(p, start)) {
                        throw new AssertionError("planted PII '" + abbreviate(p) + "' found in clear in: " + abbreviate(s));
                    }
                }
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "... (" + s.length() + " chars)";
    }
}
