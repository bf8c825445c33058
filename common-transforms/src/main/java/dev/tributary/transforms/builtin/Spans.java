package dev.tributary.transforms.builtin;

import org.apache.flink.annotation.Internal;

import java.util.Arrays;

/** Non-overlapping, ascending replacement spans over one text, applied in one pass. */
@Internal
final class Spans {
    private int[] starts = new int[8];
    private int[] ends = new int[8];
    private String[] replacements = new String[8];
    private int size;

    void add(int start, int end, String replacement) {
        if (size > 0 && start < ends[size - 1]) {
            return; // overlapping spans cannot occur in one forward pass; keep the first
        }
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
            replacements = Arrays.copyOf(replacements, size * 2);
        }
        starts[size] = start;
        ends[size] = end;
        replacements[size] = replacement;
        size++;
    }

    /** Drops spans starting at or after {@code position}. */
    void truncateAt(int position) {
        while (size > 0 && starts[size - 1] >= position) {
            size--;
        }
    }

    /**
     * The text with every span replaced. Text between spans before {@code scanFrom} is copied as is
     * (the tokenizer already scanned its strings); from {@code scanFrom} on it is scanned by value.
     */
    String apply(String text, int scanFrom) {
        if (size == 0 && scanFrom >= text.length()) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length());
        int copied = 0;
        for (int k = 0; k < size; k++) {
            gap(b, text, copied, starts[k], scanFrom);
            b.append(replacements[k]);
            copied = ends[k];
        }
        gap(b, text, copied, text.length(), scanFrom);
        return b.toString();
    }

    private static void gap(StringBuilder b, String text, int from, int to, int scanFrom) {
        if (from >= to) {
            return;
        }
        if (to <= scanFrom) {
            b.append(text, from, to);
            return;
        }
        int split = Math.max(from, scanFrom);
        b.append(text, from, split);
        String rest = text.substring(split, to);
        String decoded = JsonQuoting.decodeUnicodeEscapes(rest);
        String scanned = PiiValueScanner.scrub(decoded);
        b.append(scanned == decoded ? rest : scanned);
    }
}
