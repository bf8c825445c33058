package dev.tributary.jobs.lake;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.types.Row;

import java.io.Serializable;

/**
 * Writes one lake table from a stream, exactly once with commits on checkpoints: the seam a lake format
 * implements ({@link LakeSinks} for Parquet folders, {@code IcebergLake} for Iceberg tables). Jobs never call it
 * directly; they call {@link LakeSinks#write}, which picks the writer of the lake's format.
 */
@PublicEvolving
public interface LakeTableWriter extends Serializable {

    /**
     * Appends a sink writing {@code rows} (each holding {@code table.schema()} as a prefix of its positions) into
     * {@code table}, every stateful operator with a uid derived from {@code uid}; returns the sink to name.
     */
    DataStreamSink<?> write(DataStream<Row> rows, LakeLayout lake, LakeTable table, String uid);

    /** The format this writer produces. */
    LakeFormat format();
}
