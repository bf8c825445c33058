package dev.tributary.jobs.lake.iceberg;

import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableSummary;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed watermark on a real Iceberg table (Hadoop catalog in a temporary folder): published only for
 * checkpoints the committer has reported, never moving backwards, surviving a restore, and mapping to complete
 * days at the exact last millisecond of a day.
 */
class CommittedWatermarkPublisherTest {

    static final long END_OF_MAR1 = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();

    @TempDir java.nio.file.Path warehouse;

    TableLoader loader;

    @BeforeEach
    void createTable() throws Exception {
        CatalogLoader catalog = CatalogLoader.hadoop("t", new Configuration(), Map.of("warehouse", warehouse.toUri().toString()));
        TableIdentifier id = TableIdentifier.of("gold", "hourly");
        catalog.loadCatalog().createTable(id, new Schema(Types.NestedField.required(1, "site", Types.StringType.get())),
                PartitionSpec.unpartitioned());
        loader = TableLoader.fromCatalog(catalog, id);
    }

    OneInputStreamOperatorTestHarness<CommittableMessage<Object>, String> harness(OperatorSubtaskState state) throws Exception {
        var h = new OneInputStreamOperatorTestHarness<CommittableMessage<Object>, String>(new CommittedWatermarkPublisher<>(loader));
        h.setup(StringSerializer.INSTANCE);
        if (state != null) {
            h.initializeState(state);
        }
        h.open();
        return h;
    }

    static StreamRecord<CommittableMessage<Object>> committed(long checkpoint) {
        return new StreamRecord<>(new CommittableSummary<>(0, 1, checkpoint, 1, 0, 0));
    }

    Table table() {
        TableLoader l = loader.clone();
        l.open();
        return l.loadTable();
    }

    Map<String, String> properties() {
        return table().properties();
    }

    @Test
    void publishesTheWatermarkOfTheLastCommittedCheckpointAndTheDaysItCompletes() throws Exception {
        var h = harness(null);
        h.processWatermark(new Watermark(END_OF_MAR1 - 2));
        h.snapshot(1L, 1L);
        h.processWatermark(new Watermark(END_OF_MAR1 - 1));
        assertThat(properties()).as("nothing committed yet").doesNotContainKey(IcebergCompleteness.WATERMARK);

        h.processElement(committed(1));
        assertThat(properties()).containsEntry(IcebergCompleteness.WATERMARK, Long.toString(END_OF_MAR1 - 2))
                .containsEntry(IcebergCompleteness.COMPLETE_THROUGH, "2026-02-28");

        h.snapshot(2L, 2L);
        h.processElement(committed(2));
        assertThat(properties()).as("the last millisecond of March 1 completes it")
                .containsEntry(IcebergCompleteness.COMPLETE_THROUGH, "2026-03-01");

        h.processElement(committed(1));
        assertThat(properties()).as("a replayed older commit never moves it back")
                .containsEntry(IcebergCompleteness.WATERMARK, Long.toString(END_OF_MAR1 - 1));
        assertThat(h.extractOutputValues()).hasSize(2);
    }

    @Test
    void aRestoredPublisherPublishesWhatWasRecordedBeforeTheFailure() throws Exception {
        var h = harness(null);
        h.processWatermark(new Watermark(END_OF_MAR1 + 3_600_000));
        OperatorSubtaskState state = h.snapshot(7L, 7L);
        h.close();

        var restored = harness(state);
        restored.processElement(committed(7));
        assertThat(properties()).containsEntry(IcebergCompleteness.COMPLETE_THROUGH, "2026-03-01");
        restored.close();
    }

    @Test
    void endOfInputCompletesTheWholeTable() throws Exception {
        var h = harness(null);
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        h.processElement(committed(Long.MAX_VALUE));
        assertThat(properties()).containsEntry(IcebergCompleteness.COMPLETE_THROUGH, "all");
        assertThat(IcebergCompleteness.isComplete(table(), LocalDate.of(2999, 1, 1))).isTrue();
    }
}
