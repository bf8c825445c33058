package dev.tributary.jobs.bronze;

import org.apache.flink.annotation.Internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding of record bytes. The JDK's fast decoder replaces malformed input with U+FFFD
 * silently, which would land altered text; here a record with invalid UTF-8 (bad bytes, overlong forms,
 * encoded surrogates) is refused. The strict check runs only when the fast result holds a U+FFFD, so
 * valid records pay nothing extra.
 */
@Internal
final class Utf8Text {
    private Utf8Text() {}

    /** The decoded text (undecodable bytes as U+FFFD, for the quarantine). */
    static String lossy(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.UTF_8);
    }

    /** Offset (from {@code off}) of the first byte that is not valid UTF-8, or -1 when all are valid. */
    static int firstInvalid(byte[] b, int off, int len, String decoded) {
        if (decoded.indexOf('\uFFFD') < 0) {
            return -1;
        }
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b, off, len);
        CharBuffer out = CharBuffer.allocate(Math.min(len, 8192) + 16);
        while (true) {
            CoderResult r = d.decode(in, out, true);
            if (r.isError()) {
                return in.position() - off;
            }
            if (r.isOverflow()) {
                out.clear();
                continue;
            }
            r = d.flush(out);
            if (r.isOverflow()) {
                out.clear();
                continue;
            }
            return -1;
        }
    }

    /** The content-free quarantine reason for invalid UTF-8 at {@code offset}. */
    static String reason(int offset) {
        return "invalid-utf8: byte " + offset + " of the record is not valid UTF-8 (the quarantined payload shows"
                + " undecodable bytes as U+FFFD)";
    }
}
