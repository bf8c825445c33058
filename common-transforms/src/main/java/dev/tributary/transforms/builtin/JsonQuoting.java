package dev.tributary.transforms.builtin;

import org.apache.flink.annotation.Internal;

/** Minimal JSON string quoting and {@code \\uXXXX} decoding for the payload scrubber. */
@Internal
final class JsonQuoting {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonQuoting() {}

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** Decodes {@code \\uXXXX} escapes (so an escaped '@' cannot hide an e-mail); other text is kept. */
    static String decodeUnicodeEscapes(String s) {
        int i = s.indexOf("\\u");
        if (i < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        int copied = 0;
        while (i >= 0) {
            int v = i + 6 <= s.length() ? hex4(s, i + 2) : -1;
            if (v >= 0) {
                b.append(s, copied, i).append((char) v);
                copied = i + 6;
                i = s.indexOf("\\u", copied);
            } else {
                i = s.indexOf("\\u", i + 2);
            }
        }
        return b.append(s, copied, s.length()).toString();
    }

    private static int hex4(String s, int at) {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(s.charAt(at + k), 16);
            if (d < 0) {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }
}
