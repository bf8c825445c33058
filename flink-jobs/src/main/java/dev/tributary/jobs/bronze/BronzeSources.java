package dev.tributary.jobs.bronze;

import dev.tributary.jobs.definition.DatasetDef;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.fs.Path;
import org.apache.flink.types.Row;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.util.Properties;

/** Factories for the sources bronze reads: Kafka topics and JSON-lines files, all yielding in-flight rows. */
@PublicEvolving
public final class BronzeSources {

    private BronzeSources() {}

    /**
     * A Kafka source for one dataset. Offsets are committed to Kafka only when a checkpoint completes
     * (for monitoring; Flink restores from its own checkpointed offsets). Starts from the group's
     * committed offsets, or the earliest offset for a new group.
     *
     * @param bounded stop at the offsets that are latest when the job starts (tests, catch-up runs)
     */
    public static KafkaSource<Row> kafka(
            DatasetDef dataset, String bootstrapServers, String topic, String groupId, boolean bounded, Properties extra) {
        KafkaSourceBuilder<Row> b =
                KafkaSource.<Row>builder()
                        .setBootstrapServers(bootstrapServers)
                        .setTopics(topic)
                        .setGroupId(groupId)
                        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                        .setDeserializer(new BronzeKafkaDeserializer(decoder(dataset)))
                        .setProperty("commit.offsets.on.checkpoint", "true")
                        .setProperty("isolation.level", "read_committed")
                        .setProperties(extra);
        if (bounded) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return b.build();
    }

    /** A bounded source over JSON-lines files or directories of them (a backfill). */
    public static FileSource<Row> files(DatasetDef dataset, Path... paths) {
        return FileSource.forBulkFileFormat(new JsonLinesFormat(decoder(dataset)), paths).build();
    }

    /** The decoder every source of a dataset uses; keeps raw payloads for rule quarantine. */
    public static BronzeDecoder decoder(DatasetDef dataset) {
        return new BronzeDecoder(dataset, true);
    }
}
