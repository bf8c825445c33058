package dev.tributary.transforms.builtin;

import dev.tributary.transforms.api.PiiPolicy;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Finds {@code key: value} and {@code key=value} pairs in text that is not JSON (Python's {@code str(dict)},
 * log lines, the rest of a truncated record) and records a protecting replacement for each value whose key
 * names a PII column. Keys may be double-quoted, single-quoted (with {@code \\uXXXX} escapes) or bare words;
 * values quoted either way (an unclosed quote runs to the end), bare up to a delimiter, or an object/array,
 * which is protected to the end of the text. One forward pass: each character is read once.
 */
@Internal
final class LenientPayloadScanner {
    private final Function<String, PiiPolicy.ColumnRule> ruleOf;
    private final BiFunction<PiiPolicy.ColumnRule, String, String> protect;

    LenientPayloadScanner(Function<String, PiiPolicy.ColumnRule> ruleOf, BiFunction<PiiPolicy.ColumnRule, String, String> protect) {
        this.ruleOf = ruleOf;
        this.protect = protect;
    }

    void scan(String s, int from, @Nullable PiiPolicy.ColumnRule pending, Spans spans) {
        int n = s.length();
        int i = from;
        if (pending != null) {
            i = protectValue(s, i, pending, spans);
        }
        while (i < n) {
            char c = s.charAt(i);
            int keyEnd;
            String key;
            if (c == '"' || c == '\'') {
                keyEnd = quotedEnd(s, i);
                key = JsonQuoting.decodeUnicodeEscapes(s.substring(i + 1, Math.max(i + 1, keyEnd - 1)));
            } else if (isWord(c)) {
                keyEnd = i + 1;
                while (keyEnd < n && isWord(s.charAt(keyEnd))) {
                    keyEnd++;
                }
                key = s.substring(i, keyEnd);
            } else {
                i++;
                continue;
            }
            int j = skipSpace(s, keyEnd);
            PiiPolicy.ColumnRule rule = j < n && (s.charAt(j) == ':' || s.charAt(j) == '=') ? ruleOf.apply(key) : null;
            i = rule != null ? protectValue(s, j, rule, spans) : keyEnd;
        }
    }

    /** Protects the value after an optional ':' or '=' at {@code i}; returns where scanning continues. */
    private int protectValue(String s, int i, PiiPolicy.ColumnRule rule, Spans spans) {
        int n = s.length();
        int j = skipSpace(s, i);
        if (j < n && (s.charAt(j) == ':' || s.charAt(j) == '=')) {
            j = skipSpace(s, j + 1);
        }
        if (j >= n) {
            return n;
        }
        char c = s.charAt(j);
        int end;
        String clear;
        if (c == '"' || c == '\'') {
            end = quotedEnd(s, j);
            boolean closed = end - 1 > j && s.charAt(end - 1) == c;
            clear = JsonQuoting.decodeUnicodeEscapes(s.substring(j + 1, closed ? end - 1 : end));
        } else if (c == '{' || c == '[') {
            end = n;
            clear = s.substring(j);
        } else {
            end = j;
            while (end < n && ",}]);&\n\r".indexOf(s.charAt(end)) < 0 && !nextPairStarts(s, end)) {
                end++;
            }
            while (end > j && Character.isWhitespace(s.charAt(end - 1))) {
                end--;
            }
            clear = s.substring(j, end);
        }
        if (end > j) {
            spans.add(j, end, JsonQuoting.quote(protect.apply(rule, clear.trim())));
        }
        return Math.max(end, j + 1);
    }

    /** True at a space followed by {@code word=} or {@code word:} (the next pair of a log line). */
    private static boolean nextPairStarts(String s, int i) {
        if (!Character.isWhitespace(s.charAt(i))) {
            return false;
        }
        int k = skipSpace(s, i);
        int w = k;
        while (w < s.length() && isWord(s.charAt(w))) {
            w++;
        }
        return w > k && w < s.length() && (s.charAt(w) == '=' || s.charAt(w) == ':');
    }

    /** Index just after the quote closing the string opened at {@code open}, or the text's end. */
    private static int quotedEnd(String s, int open) {
        char q = s.charAt(open);
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == q) {
                return i + 1;
            }
        }
        return s.length();
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isWord(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '$';
    }
}
