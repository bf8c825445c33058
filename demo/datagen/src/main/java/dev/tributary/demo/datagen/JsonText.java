package dev.tributary.demo.datagen;

import org.apache.flink.annotation.Internal;

import java.time.LocalDate;

/**
 * Hand-rolled JSON fragments. The generator writes JSON itself rather than through a mapper because
 * it must also write broken JSON on purpose, and because formatting is the hot path at 10^7 events.
 */
@Internal
final class JsonText {
    static final String NULL = "null";

    private JsonText() {}

    /** A JSON string literal; escapes quotes, backslashes and control characters. */
    static String string(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** A JSON number with exactly two decimals from an amount in cents, e.g. 12345 -> 123.45. */
    static String money(long cents) {
        String sign = cents < 0 ? "-" : "";
        long abs = Math.abs(cents);
        return sign + (abs / 100) + "." + pad(abs % 100, 2);
    }

    /** ISO-8601 UTC with milliseconds, always the same width: {@code 2026-01-05T00:00:02.123Z}. */
    static String isoMillis(long epochMillis) {
        long secs = Math.floorDiv(epochMillis, 1000L);
        int millis = (int) Math.floorMod(epochMillis, 1000L);
        long day = Math.floorDiv(secs, 86_400L);
        int sod = (int) Math.floorMod(secs, 86_400L);
        LocalDate d = LocalDate.ofEpochDay(day);
        char[] c = new char[24];
        put(c, 0, d.getYear(), 4);
        c[4] = '-';
        put(c, 5, d.getMonthValue(), 2);
        c[7] = '-';
        put(c, 8, d.getDayOfMonth(), 2);
        c[10] = 'T';
        put(c, 11, sod / 3600, 2);
        c[13] = ':';
        put(c, 14, (sod / 60) % 60, 2);
        c[16] = ':';
        put(c, 17, sod % 60, 2);
        c[19] = '.';
        put(c, 20, millis, 3);
        c[23] = 'Z';
        return new String(c);
    }

    /** Zero-padded decimal of a non-negative value, at least {@code width} digits. */
    static String pad(long value, int width) {
        String s = Long.toString(value);
        if (s.length() >= width) {
            return s;
        }
        StringBuilder sb = new StringBuilder(width);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s).toString();
    }

    private static void put(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** {@code {"a":1,"b":"x"}} from column names and JSON value fragments; a null fragment is skipped. */
    static String object(String[] names, String[] values) {
        StringBuilder sb = new StringBuilder(256).append('{');
        boolean first = true;
        for (int i = 0; i < names.length; i++) {
            if (values[i] == null) {
                continue;
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append('"').append(names[i]).append("\":").append(values[i]);
        }
        return sb.append('}').toString();
    }
}
