package dev.tributary.jobs.compose;

import dev.tributary.jobs.blocks.EventTimeRestamper;
import dev.tributary.jobs.blocks.LateDataRouter;
import dev.tributary.jobs.blocks.LateRecords;
import dev.tributary.jobs.bronze.CountingFunction;
import dev.tributary.jobs.definition.ModelDef;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tables SQL models read, and what each SQL model reads of them: every input that is a stream (a source, a
 * block's output, a transform's output, a SQL result without a time attribute) enters a model's query through
 * its own router, so late rows are routed and counted per model and input, as for blocks.
 *
 * <pre>
 *  input rows ─ LateDataRouter (counts &lt;layer&gt;.&lt;model&gt;.&lt;input&gt;.in) ─ watermark - lateness ─ view &lt;input&gt; ─ query
 *                  └─ too late ─▶ &lt;layer&gt;/_late/&lt;model&gt;/&lt;input&gt; (counted .late)
 * </pre>
 *
 * <p>Why a row at or behind the router's watermark (minus the input's allowed lateness) is late for SQL: Flink's
 * event-time window and interval-join operators drop or miss rows behind <em>their</em> watermark, which is never
 * ahead of the router's (watermarks travel behind the rows on each channel). Rows forwarded by the router are
 * strictly ahead of the watermark the query sees (held back by the allowed lateness, which SQL itself does not
 * know), so no SQL operator drops them; the rows it routes never enter the query. Each row is therefore either in
 * the query's input or in {@code _late}, never silently gone. BATCH has no watermark before the end: nothing is late.
 *
 * <p>Not routed: a SQL result that keeps a time attribute is read inline (the upstream query is part of the
 * downstream plan; its own inputs were routed, so its rows are on time). A SQL result without one (e.g. a window's
 * rows, whose event time is their partition column, {@code window_start}) trails the watermark by design, up to
 * its longest window ({@link SqlWindows}): that span is its allowed lateness, so it is routed like any stream and
 * a finer window or an interval join over it sees its rows ahead of the held-back watermark.
 */
@Internal
final class SqlInputs {
    /** Allowed lateness of a table whose rows are never routed. */
    static final Duration NEVER_LATE = Duration.ofMillis(Long.MAX_VALUE);

    private final Map<String, Input> inputs = new LinkedHashMap<>();

    /** How one table enters SQL: its view, and for a stream its rows, their layout, SQL schema and allowed lateness. */
    private static final class Input {
        final Table view;
        @Nullable final DataStream<Row> rows;
        @Nullable final RecordSchema schema;
        @Nullable final Schema sqlSchema;
        final Duration lateness;

        Input(Table view, @Nullable DataStream<Row> rows, @Nullable RecordSchema schema, @Nullable Schema sqlSchema,
                Duration lateness) {
            this.view = view;
            this.rows = rows;
            this.schema = schema;
            this.sqlSchema = sqlSchema;
            this.lateness = lateness;
        }

        boolean inline() {
            return rows == null;
        }
    }

    /**
     * Registers a stream as table {@code name} (the view every query sees unless routed for it).
     *
     * @param lateness how far behind the watermark a row may be and still count, {@link #NEVER_LATE}: never routed
     */
    void addStream(StreamTableEnvironment tEnv, String name, DataStream<Row> rows, RecordSchema schema, Schema sqlSchema,
            Duration lateness) {
        Table view = tEnv.fromDataStream(rows, sqlSchema);
        inputs.put(name, new Input(view, rows, schema, sqlSchema, lateness));
        tEnv.createTemporaryView(name, view);
    }

    /** Registers a query result that keeps its time attribute as an inline view. */
    void addView(StreamTableEnvironment tEnv, String name, Table view) {
        inputs.put(name, new Input(view, null, null, null, NEVER_LATE));
        tEnv.createTemporaryView(name, view);
    }

    /** Allowed lateness of a table's rows ({@link #NEVER_LATE} for unknown tables and inline views). */
    Duration lateness(String name) {
        Input in = inputs.get(name);
        return in == null ? NEVER_LATE : in.lateness;
    }

    /**
     * Replaces, until {@link #restore}, each stream input of {@code m} by its rows routed for {@code m}; returns
     * the late rows ({@link LateRecords#SCHEMA}) of each input that can have some.
     */
    Map<String, DataStream<Row>> routeFor(StreamTableEnvironment tEnv, ModelDef m, String uidPrefix) {
        Map<String, DataStream<Row>> late = new LinkedHashMap<>();
        String layer = m.layer().key();
        for (String name : m.inputs()) {
            Input in = inputs.get(name);
            if (in == null || in.inline()) {
                continue;
            }
            String id = uidPrefix + layer + "-" + m.name() + "-route-" + name;
            String counter = layer + "." + m.name() + "." + name + ".in";
            DataStream<Row> forward;
            if (in.lateness.equals(NEVER_LATE)) {
                forward = in.rows.process(new CountingFunction<Row>(counter, "in"), in.schema.rowTypeInfo())
                        .uid(id).name(layer + " " + m.name() + ": count " + name);
            } else {
                LateRecords.Renderer renderer = new LateRecords.Renderer(m.name(), name, in.schema);
                SingleOutputStreamOperator<Row> routed = in.rows
                        .process(new LateDataRouter(renderer, in.schema.arity(), new int[0], in.lateness.toMillis(), counter),
                                in.schema.rowTypeInfo())
                        .uid(id).name(layer + " " + m.name() + ": route late " + name);
                late.put(name, routed.getSideOutput(renderer.tag()));
                forward = in.lateness.isZero() ? routed : routed.transform(
                                "watermark - " + in.lateness.toMillis() + " ms", in.schema.rowTypeInfo(),
                                new EventTimeRestamper(EventTimeRestamper.KEEP_TIMESTAMP, in.lateness.toMillis()))
                        .uid(id + "-holdback");
            }
            tEnv.dropTemporaryView(name);
            tEnv.createTemporaryView(name, tEnv.fromDataStream(forward, in.sqlSchema));
        }
        return late;
    }

    /** Registers the unrouted views of {@code m}'s inputs again, for the models after it. */
    void restore(StreamTableEnvironment tEnv, ModelDef m) {
        for (String name : m.inputs()) {
            Input in = inputs.get(name);
            if (in != null && !in.inline()) {
                tEnv.dropTemporaryView(name);
                tEnv.createTemporaryView(name, in.view);
            }
        }
    }
}
