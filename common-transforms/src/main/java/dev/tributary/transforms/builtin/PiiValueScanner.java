package dev.tributary.transforms.builtin;

import org.apache.flink.annotation.Internal;

/**
 * Finds personal data by its shape, whatever key (if any) it sits under: e-mail addresses, phone
 * numbers and card numbers (13-19 digits passing the Luhn check), and replaces each with a
 * marker ({@value #EMAIL}, {@value #PHONE}, {@value #CARD}).
 *
 * <p>Used for text that cannot be tokenized as JSON (truncated records, Python {@code str(dict)},
 * log lines) and for values under keys nobody declared. A hand-written single pass, not a regular
 * expression: every character is looked at a bounded number of times, so a value of any length costs
 * linear time and constant stack (a backtracking regex overflowed the stack on a 2,000-character value).
 *
 * <p>It errs towards masking: a 9+ digit number or a digit group with separators is treated as a phone
 * number (ISO dates such as {@code 2026-01-05} are not). That is the right trade for quarantined
 * payloads, which exist to be read by people, not to be re-parsed.
 */
@Internal
public final class PiiValueScanner {
    public static final String EMAIL = "[email]";
    public static final String PHONE = "[phone]";
    public static final String CARD = "[card]";

    private PiiValueScanner() {}

    /** The text with every e-mail, phone and card number replaced; the same instance when none is found. */
    public static String scrub(String s) {
        if (s == null) {
            return null;
        }
        // E-mails first: a local part may hold digits that would otherwise be taken for a phone number.
        return scrubNumbers(scrubEmails(s));
    }

    private static String scrubEmails(String s) {
        int n = s.length();
        StringBuilder out = null;
        int copied = 0; // s[0, copied) is already in out (or needs no change)
        int i = s.indexOf('@');
        while (i >= 0) {
            int left = i;
            while (left > copied && isLocal(s.charAt(left - 1))) {
                left--;
            }
            int right = i + 1;
            int lastDot = -1;
            while (right < n && isDomain(s.charAt(right))) {
                if (s.charAt(right) == '.') {
                    lastDot = right;
                }
                right++;
            }
            while (right > i + 1 && (s.charAt(right - 1) == '.' || s.charAt(right - 1) == '-')) {
                right--;
            }
            if (left < i && lastDot > i + 1 && lastDot < right - 1) {
                out = append(out, s, copied, left).append(EMAIL);
                copied = right;
            }
            i = s.indexOf('@', Math.max(right, i + 1));
        }
        return out == null ? s : out.append(s, copied, n).toString();
    }

    private static String scrubNumbers(String s) {
        int n = s.length();
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (isDigit(c) || ((c == '+' || c == '(') && i + 1 < n && isDigit(s.charAt(i + 1)))) {
                int end = numberRunEnd(s, i);
                String kind = classify(s, i, end);
                if (kind != null) {
                    out = append(out, s, copied, i).append(kind);
                    copied = end;
                }
                i = end;
                continue;
            }
            i++;
        }
        return out == null ? s : out.append(s, copied, n).toString();
    }

    /** True when the text holds anything {@link #scrub} would replace. */
    public static boolean containsPii(String s) {
        return s != null && !scrub(s).equals(s);
    }

    private static StringBuilder append(StringBuilder out, String s, int from, int to) {
        StringBuilder b = out == null ? new StringBuilder(s.length()) : out;
        return b.append(s, from, to);
    }

    /** End of a run of digits and single separators starting at {@code start}; trailing separators excluded. */
    private static int numberRunEnd(String s, int start) {
        int n = s.length();
        int i = start + 1;
        int lastDigitEnd = isDigit(s.charAt(start)) ? start + 1 : start;
        int seps = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (isDigit(c)) {
                seps = 0;
                lastDigitEnd = i + 1;
            } else if (isSeparator(c) && ++seps <= 2) {
                // "(555) 010" has ") " between groups: allow two separators in a row, not more
            } else {
                break;
            }
            i++;
        }
        // keep a closing parenthesis only if it closes a group; otherwise stop at the last digit
        return Math.max(lastDigitEnd, start + 1);
    }

    private static String classify(String s, int start, int end) {
        int digits = 0;
        boolean plus = s.charAt(start) == '+';
        boolean separated = false;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (isDigit(c)) {
                digits++;
            } else if (c != '+') {
                separated = true;
            }
        }
        if (digits >= 13 && digits <= 19 && luhn(s, start, end)) {
            return CARD;
        }
        if (digits < 7 || digits > 15 || isIsoDate(s, start, end) || isDecimal(s, start, end)) {
            return null;
        }
        return plus || separated || digits >= 9 ? PHONE : null;
    }

    /** {@code dddd-dd-dd} (optionally followed by more): a calendar date, not a phone number. */
    private static boolean isIsoDate(String s, int start, int end) {
        if (end - start < 10) {
            return false;
        }
        for (int k = 0; k < 10; k++) {
            char c = s.charAt(start + k);
            boolean dash = k == 4 || k == 7;
            if (dash ? c != '-' : !isDigit(c)) {
                return false;
            }
        }
        return true;
    }

    /** Digits with exactly one '.' and nothing else, e.g. an amount {@code 1234567.89}. */
    private static boolean isDecimal(String s, int start, int end) {
        int dots = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!isDigit(c)) {
                return false;
            }
        }
        return dots == 1;
    }

    static boolean luhn(String s, int start, int end) {
        int sum = 0;
        boolean dbl = false;
        for (int i = end - 1; i >= start; i--) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                continue;
            }
            int d = c - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/' || c == '\u00a0';
    }

    private static boolean isLocal(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || c == '\'';
    }

    private static boolean isDomain(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '-';
    }
}
