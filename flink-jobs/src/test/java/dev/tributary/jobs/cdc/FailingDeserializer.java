package dev.tributary.jobs.cdc;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.data.Struct;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Wraps a deserializer and fails the task twice, each time only once per job (marker files in a
 * test directory, no static state): on the first streamed change (the snapshot/stream boundary), and
 * on the {@code n}-th streamed change seen by an attempt (mid-stream).
 */
final class FailingDeserializer implements DebeziumDeserializationSchema<Row> {
    private static final long serialVersionUID = 1L;

    private final DebeziumDeserializationSchema<Row> delegate;
    private final String markerDir;
    private final int midStreamAt;
    private transient int streamedThisAttempt;

    FailingDeserializer(DebeziumDeserializationSchema<Row> delegate, Path markerDir, int midStreamAt) {
        this.delegate = delegate;
        this.markerDir = markerDir.toString();
        this.midStreamAt = midStreamAt;
    }

    static Path boundaryMarker(Path dir) {
        return dir.resolve("failed-at-stream-start");
    }

    static Path midStreamMarker(Path dir) {
        return dir.resolve("failed-mid-stream");
    }

    @Override
    public void deserialize(SourceRecord record, Collector<Row> out) throws Exception {
        if (record.value() instanceof Struct && ((Struct) record.value()).schema().field("op") != null
                && !"r".equals(((Struct) record.value()).getString("op"))) {
            streamedThisAttempt++;
            failOnce(boundaryMarker(Paths.get(markerDir)), "injected failure between snapshot and stream");
            if (streamedThisAttempt == midStreamAt) {
                failOnce(midStreamMarker(Paths.get(markerDir)), "injected failure mid-stream");
            }
        }
        delegate.deserialize(record, out);
    }

    private static void failOnce(Path marker, String message) {
        try {
            Files.createFile(marker);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(message);
    }

    @Override
    public TypeInformation<Row> getProducedType() {
        return delegate.getProducedType();
    }
}
