package dev.tributary.jobs.blocks;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a generic block produced: its output table (event time on a column the block names, watermark held back
 * so no output row is late) and, per input, the records that were too late to be used
 * ({@link LateRecords#SCHEMA} rows). {@link ModelLanding} lands both.
 */
@PublicEvolving
public final class BlockResult {
    private final EventTable output;
    private final Map<String, DataStream<Row>> late;
    private final boolean landed;

    public BlockResult(EventTable output, Map<String, DataStream<Row>> late) {
        this(output, late, false);
    }

    /** @param landed true if the block has landed its own tables (the composer then only registers the output) */
    public BlockResult(EventTable output, Map<String, DataStream<Row>> late, boolean landed) {
        this.output = output;
        this.late = Collections.unmodifiableMap(new LinkedHashMap<>(late));
        this.landed = landed;
    }

    public boolean landed() {
        return landed;
    }

    public EventTable output() {
        return output;
    }

    /** Input name to its too-late records. */
    public Map<String, DataStream<Row>> late() {
        return late;
    }
}
