package dev.tributary.jobs.lake;

import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.connector.file.sink.FileSinkCommittable;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableSummary;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.api.functions.sink.filesystem.InProgressFileWriter;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionCommitMarkerTest {

    static final String JAN5 = "window_date=2026-01-05";
    static final String JAN6 = "window_date=2026-01-06";
    static final long END_OF_JAN5 = Instant.parse("2026-01-06T00:00:00Z").toEpochMilli();

    @TempDir java.nio.file.Path table;

    OneInputStreamOperatorTestHarness<CommittableMessage<FileSinkCommittable>, String> harness(OperatorSubtaskState state)
            throws Exception {
        var h = new OneInputStreamOperatorTestHarness<CommittableMessage<FileSinkCommittable>, String>(
                new PartitionCommitMarker(table.toUri().toString()));
        h.setup(StringSerializer.INSTANCE);
        if (state != null) {
            h.initializeState(state);
        }
        h.open();
        return h;
    }

    static StreamRecord<CommittableMessage<FileSinkCommittable>> summary(int subtask, long checkpoint) {
        return new StreamRecord<>(new CommittableSummary<>(subtask, 2, checkpoint, 1, 0, 0));
    }

    static StreamRecord<CommittableMessage<FileSinkCommittable>> committed(String bucket, long checkpoint, int subtask) {
        InProgressFileWriter.PendingFileRecoverable file = new InProgressFileWriter.PendingFileRecoverable() {
            @Override
            public Path getPath() {
                return null;
            }

            @Override
            public long getSize() {
                return 0;
            }
        };
        return new StreamRecord<>(new CommittableWithLineage<>(new FileSinkCommittable(bucket, file), checkpoint, subtask));
    }

    boolean marked(String partition) {
        return Files.exists(table.resolve(partition).resolve(MarkedFileSink.SUCCESS));
    }

    @Test
    void marksAPartitionOnlyOnceEveryCommitterCommittedACheckpointTakenAfterTheWatermarkPassedIt() throws Exception {
        var h = harness(null);
        h.processWatermark(new Watermark(END_OF_JAN5 - 1));
        h.snapshot(1L, 1L);

        h.processElement(summary(0, 1));
        h.processElement(committed(JAN5, 1, 0));
        h.processElement(committed(JAN6, 1, 0));
        assertThat(marked(JAN5)).as("subtask 1 has not committed checkpoint 1 yet").isFalse();

        h.processElement(summary(1, 1));

        assertThat(marked(JAN5)).isTrue();
        assertThat(marked(JAN6)).as("the watermark has not passed Jan 6").isFalse();
        assertThat(h.extractOutputValues()).containsExactly(JAN5);
    }

    @Test
    void doesNotMarkWhenTheWatermarkPassedOnlyAfterTheCommittedCheckpoint() throws Exception {
        var h = harness(null);
        h.snapshot(1L, 1L);
        h.processWatermark(new Watermark(END_OF_JAN5 - 1));

        h.processElement(committed(JAN5, 1, 0));
        h.processElement(summary(0, 1));
        h.processElement(summary(1, 1));
        assertThat(marked(JAN5)).as("files written before the watermark may belong to checkpoint 2").isFalse();

        h.snapshot(2L, 2L);
        h.processElement(summary(0, 2));
        h.processElement(summary(1, 2));
        assertThat(marked(JAN5)).isTrue();
    }

    @Test
    void keepsKnownPartitionsAndWatermarksAcrossRestore() throws Exception {
        var h = harness(null);
        h.processElement(committed(JAN5, 1, 0));
        h.processWatermark(new Watermark(END_OF_JAN5));
        OperatorSubtaskState state = h.snapshot(3L, 3L);
        h.close();

        var restored = harness(state);
        restored.processElement(summary(0, 3));
        restored.processElement(summary(1, 3));

        assertThat(marked(JAN5)).isTrue();
    }

    @Test
    void endOfInputCountsAsAnInfiniteWatermark() throws Exception {
        var h = harness(null);
        h.processElement(committed(JAN6, Long.MAX_VALUE, 0));
        h.processElement(summary(0, Long.MAX_VALUE));
        h.processElement(summary(1, Long.MAX_VALUE));

        assertThat(marked(JAN6)).isTrue();
        assertThat(PartitionCommitMarker.partitionEnd(JAN5)).isEqualTo(END_OF_JAN5);
    }
}
