package dev.tributary.benchmarks;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;

import javax.annotation.Nullable;

import java.io.IOException;

/**
 * A file format whose splits never end: at the end of its file the reader waits and returns empty batches, as
 * a Kafka partition with no new records does, instead of finishing the split. For the aligned variant only.
 *
 * <p>Why: a FLIP-27 reader whose last split finished has no split output left, so it neither reports a newer
 * watermark nor goes idle; with watermark alignment it holds the whole sync group at the last watermark it
 * happened to emit periodically (in the 2026-12-02 hang: orders at 03:58 of event time, while its last record
 * was 05:14) and the other input stays paused for good. An open split without records goes idle after the
 * dataset's idle timeout, and an idle source reports {@code Long.MAX_VALUE} to the alignment, so the other input
 * finishes; the harness then drains the job with a stop-with-savepoint.
 */
final class TailingFormat<T> implements BulkFormat<T, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    /** How long the fetcher thread waits at the end of the file before returning an empty batch. */
    private static final long POLL_MILLIS = 50;

    private final BulkFormat<T, FileSourceSplit> inner;

    TailingFormat(BulkFormat<T, FileSourceSplit> inner) {
        this.inner = inner;
    }

    @Override
    public Reader<T> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new Tailing<>(inner.createReader(config, split));
    }

    @Override
    public Reader<T> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        return new Tailing<>(inner.restoreReader(config, split));
    }

    @Override
    public boolean isSplittable() {
        return inner.isSplittable();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return inner.getProducedType();
    }

    private static final class Tailing<T> implements Reader<T> {
        private final Reader<T> inner;
        private boolean ended;

        Tailing(Reader<T> inner) {
            this.inner = inner;
        }

        @Nullable
        @Override
        public RecordIterator<T> readBatch() throws IOException {
            if (!ended) {
                RecordIterator<T> batch = inner.readBatch();
                if (batch != null) {
                    return batch;
                }
                ended = true;
            }
            try {
                Thread.sleep(POLL_MILLIS); // the fetcher thread, waiting for records that never come (like a quiet topic)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Empty<>();
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }

    private static final class Empty<T> implements RecordIterator<T> {
        @Nullable
        @Override
        public RecordAndPosition<T> next() {
            return null;
        }

        @Override
        public void releaseBatch() {}
    }
}
