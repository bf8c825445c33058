package dev.tributary.jobs.blocks;

import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import javax.annotation.Nullable;

import java.time.Duration;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * A table a block reads or produces: its rows (with event-time timestamps and watermarks), their layout, the
 * column that holds each row's event time (null: the table has none) and how late a row may arrive behind
 * the watermark and still count. A block's output has lateness zero: blocks hold their watermark back so
 * that no output row is behind it, and downstream windows can use it as it is.
 */
@PublicEvolving
public final class EventTable {
    private final String name;
    private final DataStream<Row> rows;
    private final RecordSchema schema;
    @Nullable private final String timeColumn;
    private final Duration allowedLateness;

    private EventTable(String name, DataStream<Row> rows, RecordSchema schema, @Nullable String timeColumn, Duration allowedLateness) {
        this.name = checkNotNull(name, "name");
        this.rows = checkNotNull(rows, "rows");
        this.schema = checkNotNull(schema, "schema");
        this.timeColumn = timeColumn;
        this.allowedLateness = checkNotNull(allowedLateness, "allowedLateness");
        checkArgument(!allowedLateness.isNegative(), "allowed lateness must not be negative: %s", allowedLateness);
        checkArgument(timeColumn == null || (schema.contains(timeColumn) && schema.field(timeColumn).type() == FieldType.TIMESTAMP),
                "table '%s': event-time column '%s' is not a TIMESTAMP column of %s", name, timeColumn, schema.fieldNames());
    }

    /** A table whose rows carry event time {@code timeColumn} (null: none) with the given allowed lateness. */
    public static EventTable of(String name, DataStream<Row> rows, RecordSchema schema, @Nullable String timeColumn,
            Duration allowedLateness) {
        return new EventTable(name, rows, schema, timeColumn, allowedLateness);
    }

    /** A bronze dataset's landed rows, e.g. a stream {@code BronzeJob#build} returns. */
    public static EventTable of(DatasetDef dataset, DataStream<Row> rows) {
        return new EventTable(dataset.name(), rows, BronzeSchemas.landed(dataset.schema()), dataset.eventTimeColumn(),
                dataset.allowedLateness());
    }

    public String name() {
        return name;
    }

    public DataStream<Row> rows() {
        return rows;
    }

    public RecordSchema schema() {
        return schema;
    }

    @Nullable
    public String timeColumn() {
        return timeColumn;
    }

    public Duration allowedLateness() {
        return allowedLateness;
    }

    long latenessMillis() {
        return allowedLateness.toMillis();
    }
}
