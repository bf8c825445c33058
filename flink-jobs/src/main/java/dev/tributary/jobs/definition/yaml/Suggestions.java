package dev.tributary.jobs.definition.yaml;

import org.apache.flink.annotation.Internal;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" by Levenshtein distance: the closest candidate within a third of the word's length. */
@Internal
public final class Suggestions {
    private Suggestions() {}

    /** {@code "; did you mean 'x'?"} or the empty string. */
    public static String didYouMean(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(word.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            // Ties go to the longer common prefix: 'reading_time' is nearer 'reading_ts' than 'reading_id'.
            if (d < bestDistance || (d == bestDistance && best != null && commonPrefix(word, c) > commonPrefix(word, best))) {
                best = c;
                bestDistance = d;
            }
        }
        int limit = Math.max(2, word.length() / 3);
        return best != null && bestDistance <= limit && bestDistance > 0 ? "; did you mean '" + best + "'?" : "";
    }

    private static int commonPrefix(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && Character.toLowerCase(a.charAt(i)) == Character.toLowerCase(b.charAt(i))) {
            i++;
        }
        return i;
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
