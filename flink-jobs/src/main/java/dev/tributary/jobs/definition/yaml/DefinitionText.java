package dev.tributary.jobs.definition.yaml;

import org.apache.flink.annotation.PublicEvolving;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Turns the bytes of a definition file into text, or says in definition terms why they are not UTF-8
 * YAML: a UTF-16 or UTF-32 file (by its byte-order mark or its pattern of zero bytes), a binary file (a
 * NUL byte), or bytes that are not UTF-8, each at its line and column. A UTF-8 byte-order mark is
 * skipped. Decoding is strict: nothing is silently replaced by U+FFFD.
 */
@PublicEvolving
public final class DefinitionText {
    static final String EXPECTED = "UTF-8 YAML text";

    private DefinitionText() {}

    /**
     * The text of {@code bytes}.
     *
     * @throws DefinitionException naming {@code file}, the line and what was found
     */
    public static String decode(byte[] bytes, String file) {
        String utf16 = utf16(bytes);
        if (utf16 != null) {
            throw error(file, 1, 1, "a " + utf16 + " file", EXPECTED + " (re-save the file as UTF-8)");
        }
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        for (int i = start; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                int[] at = lineAndColumn(bytes, start, i);
                throw error(file, at[0], at[1], "a NUL byte: this looks like a binary file, not a definition",
                        EXPECTED);
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            int bad = in.position();
            int[] at = lineAndColumn(bytes, start, bad);
            StringBuilder hex = new StringBuilder();
            for (int i = bad; i < Math.min(bytes.length, bad + r.length()); i++) {
                hex.append(hex.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "0x%02X", bytes[i] & 0xFF));
            }
            throw error(file, at[0], at[1], "bytes that are not UTF-8 (" + hex + "; a Latin-1 or Windows-1252 file?)",
                    EXPECTED + " (re-save the file as UTF-8)");
        }
        try {
            decoder.flush(out);
        } catch (IllegalStateException e) {
            // flushed already by decode(endOfInput=true) on some JDKs
        }
        out.flip();
        return out.toString();
    }

    /** "UTF-16 (little-endian)" etc. when the bytes are UTF-16/32 text, else null. */
    private static String utf16(byte[] b) {
        if (b.length >= 4 && b[0] == 0 && b[1] == 0 && (b[2] & 0xFF) == 0xFE && (b[3] & 0xFF) == 0xFF
                || b.length >= 4 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE && b[2] == 0 && b[3] == 0) {
            return "UTF-32";
        }
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
            return "UTF-16 (big-endian)";
        }
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
            return "UTF-16 (little-endian)";
        }
        // Without a byte-order mark: ASCII text in UTF-16 has a zero byte in every other position.
        int n = Math.min(b.length, 64) & ~1;
        if (n >= 8) {
            int evenZero = 0;
            int oddZero = 0;
            for (int i = 0; i < n; i += 2) {
                evenZero += b[i] == 0 ? 1 : 0;
                oddZero += b[i + 1] == 0 ? 1 : 0;
            }
            if (oddZero == n / 2 && evenZero == 0) {
                return "UTF-16 (little-endian, no byte-order mark)";
            }
            if (evenZero == n / 2 && oddZero == 0) {
                return "UTF-16 (big-endian, no byte-order mark)";
            }
        }
        return null;
    }

    /** 1-based line and column (in characters, counting UTF-8 sequences once) of byte {@code index}. */
    private static int[] lineAndColumn(byte[] b, int from, int index) {
        int line = 1;
        int col = 1;
        for (int i = from; i < index; i++) {
            if (b[i] == '\n') {
                line++;
                col = 1;
            } else if ((b[i] & 0xC0) != 0x80) {
                col++;
            }
        }
        return new int[] {line, col};
    }

    private static DefinitionException error(String file, int line, int column, String found, String expected) {
        return new DefinitionException(List.of(new DefinitionError(file, line, column, "", found, expected)));
    }
}
