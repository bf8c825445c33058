package dev.tributary.jobs.bronze;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.types.Row;

import javax.annotation.Nullable;

import java.io.IOException;

/**
 * Reads JSON-lines files (one record per line, UTF-8) into in-flight bronze rows carrying the file name
 * and 1-based line number. Files are not split; the checkpointed position is the number of lines
 * consumed, so a restored reader resumes after the last line whose record was checkpointed.
 * Blank lines are skipped (they are not records); a UTF-8 byte order mark at the start of a file is
 * skipped; each line is decoded as strict UTF-8 by itself (an invalid line is quarantined, its
 * neighbours are not affected); a line over {@link BronzeDecoder#MAX_RECORD_BYTES} is quarantined.
 */
@Internal
public final class JsonLinesFormat implements BulkFormat<Row, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private static final int BATCH_SIZE = 512;

    private final BronzeDecoder decoder;

    public JsonLinesFormat(BronzeDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public Reader<Row> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new LinesReader(split, 0);
    }

    @Override
    public Reader<Row> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long skip = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return new LinesReader(split, skip);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<Row> getProducedType() {
        return decoder.inFlightSchema().rowTypeInfo();
    }

    private final class LinesReader implements BulkFormat.Reader<Row> {
        private final ByteLineReader lines;
        private final String source;
        private final String file;
        private long lineNo;

        LinesReader(FileSourceSplit split, long skipLines) throws IOException {
            FSDataInputStream stream = split.path().getFileSystem().open(split.path());
            this.lines = new ByteLineReader(stream, BronzeDecoder.MAX_RECORD_BYTES);
            this.file = split.path().toString();
            this.source = "file:" + split.path().getName();
            for (; lineNo < skipLines; lineNo++) {
                if (!lines.next()) {
                    break;
                }
            }
        }

        @Nullable
        @Override
        public RecordIterator<Row> readBatch() throws IOException {
            Row[] batch = new Row[BATCH_SIZE];
            long[] positions = new long[BATCH_SIZE];
            int n = 0;
            while (n < BATCH_SIZE && lines.next()) {
                lineNo++;
                byte[] b = lines.bytes();
                // A UTF-8 byte order mark is an encoding marker, not content: skip it at the start of the file.
                int off = lineNo == 1 && lines.length() >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB
                        && (b[2] & 0xff) == 0xBF ? 3 : 0;
                if (lines.blank() || (off == 3 && lines.length() == 3)) {
                    continue;
                }
                batch[n] = lines.truncated()
                        ? decoder.tooLarge(b, lines.length(), lines.fullLength(), source, null, lineNo, file)
                        : decoder.decode(b, off, lines.length() - off, source, null, lineNo, file);
                positions[n] = lineNo;
                n++;
            }
            if (n == 0) {
                return null;
            }
            return new LinePositionIterator(batch, positions, n);
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }

    /** Each record carries "lines consumed up to and including this one" as its resume position. */
    private static final class LinePositionIterator implements BulkFormat.RecordIterator<Row> {
        private final Row[] rows;
        private final long[] positions;
        private final int size;
        private final org.apache.flink.connector.file.src.util.MutableRecordAndPosition<Row> current =
                new org.apache.flink.connector.file.src.util.MutableRecordAndPosition<>();
        private int next;

        LinePositionIterator(Row[] rows, long[] positions, int size) {
            this.rows = rows;
            this.positions = positions;
            this.size = size;
        }

        @Nullable
        @Override
        public org.apache.flink.connector.file.src.util.RecordAndPosition<Row> next() {
            if (next >= size) {
                return null;
            }
            current.set(rows[next], CheckpointedPosition.NO_OFFSET, positions[next]);
            next++;
            return current;
        }

        @Override
        public void releaseBatch() {}
    }
}
