package dev.tributary.jobs.bronze;

import org.apache.flink.annotation.Internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines ({@code \n}, an optional {@code \r} before it dropped) without decoding
 * them, so each record's bytes can be checked as strict UTF-8 by itself. A line longer than the limit is
 * read to its end but only its first {@code maxLineBytes} are kept ({@link #truncated()}), so one huge
 * line cannot exhaust the heap.
 */
@Internal
final class ByteLineReader {
    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private byte[] line = new byte[1024];
    private int length;
    private long fullLength;

    ByteLineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Reads the next line; false at the end of input. */
    boolean next() throws IOException {
        length = 0;
        fullLength = 0;
        boolean any = false;
        while (true) {
            if (pos >= limit) {
                limit = in.read(buf, 0, buf.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any;
                }
            }
            any = true;
            int start = pos;
            int i = start;
            while (i < limit && buf[i] != '\n') {
                i++;
            }
            append(start, i - start);
            if (i < limit) {
                pos = i + 1;
                if (length > 0 && line[length - 1] == '\r' && fullLength == length) {
                    length--;
                    fullLength--;
                }
                return true;
            }
            pos = limit;
        }
    }

    private void append(int from, int n) {
        fullLength += n;
        int keep = Math.min(n, maxLineBytes - length);
        if (keep <= 0) {
            return;
        }
        if (length + keep > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, length + keep)));
        }
        System.arraycopy(buf, from, line, length, keep);
        length += keep;
    }

    /** The current line's bytes: {@code bytes()[0, length())}; valid until the next call to {@link #next()}. */
    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }

    /** The line's length in the file, beyond what was kept when {@link #truncated()}. */
    long fullLength() {
        return fullLength;
    }

    boolean truncated() {
        return fullLength > length;
    }

    /** True when the line holds only spaces, tabs and carriage returns (not a record). */
    boolean blank() {
        for (int i = 0; i < length; i++) {
            byte c = line[i];
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return !truncated();
    }

    void close() throws IOException {
        in.close();
    }
}
