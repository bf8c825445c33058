package dev.tributary.jobs.silver.scd2;

import dev.tributary.jobs.cdc.CdcSchemas;
import dev.tributary.jobs.state.WideningRowSerializer;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.ListSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * SCD2 from a change stream, per key, in event time (commit time).
 *
 * <p>Changes are buffered per commit time and applied when the watermark passes it, in (commit time, LSN)
 * order, so the result does not depend on arrival order (bronze's dedupe shuffle may reorder a key's
 * changes) nor on the execution mode. Applying a change:
 *
 * <ul>
 *   <li>{@code r}/{@code c}/{@code u}: closes the open version (if any) at the change's commit time and
 *       opens a new one: the closed version is emitted on the main output, the new one on {@code opened}.
 *   <li>{@code d}: closes the open version with {@code is_deleted = true}; nothing is open afterwards.
 * </ul>
 *
 * <p>State: the pending changes (cleared by the event-time timer that applies them) and the open version
 * of each live key (cleared by a delete; an SCD2 needs to remember the current version of every live row),
 * kept with {@link WideningRowSerializer}s, so state restores after a nullable column was declared.
 * A change whose commit time the watermark has already passed goes to the {@code late} output as is.
 * Changes of one key committed in the same millisecond give a zero-length version ({@code valid_from == valid_to}).
 */
@Internal
public final class Scd2Function extends KeyedProcessFunction<String, Row, Row> {
    private static final long serialVersionUID = 1L;

    private final RecordSchema declared;
    private final RecordSchema history;
    private final int tableArity;
    private final OutputTag<Row> opened;
    private final OutputTag<Row> late;
    private final boolean skipUnchanged;
    private transient MapState<Long, List<Row>> pending;
    private transient ValueState<Row> open;
    private transient WideningRowSerializer changeRows;
    private transient WideningRowSerializer versionRows;

    /**
     * @param declared the CDC dataset's declared schema; input rows start with these columns (bronze landed
     *     rows qualify: metadata follows)
     * @param history the output layout, {@link Scd2Schemas#history}
     */
    public Scd2Function(RecordSchema declared, RecordSchema history, OutputTag<Row> opened, OutputTag<Row> late) {
        this(declared, history, opened, late, false);
    }

    /**
     * @param skipUnchanged an update whose table columns all equal the open version's (a no-op {@code
     *     UPDATE}) opens no new version
     */
    public Scd2Function(RecordSchema declared, RecordSchema history, OutputTag<Row> opened, OutputTag<Row> late,
            boolean skipUnchanged) {
        this.skipUnchanged = skipUnchanged;
        this.declared = declared;
        this.history = history;
        this.tableArity = CdcSchemas.tableArity(declared);
        this.opened = opened;
        this.late = late;
    }

    @Override
    public void open(OpenContext openContext) {
        // Widening serializers: a restore after a nullable column was declared reads the old rows by name.
        changeRows = WideningRowSerializer.of(declared, getRuntimeContext());
        versionRows = WideningRowSerializer.of(history, getRuntimeContext());
        pending = WideningRowSerializer.register("SCD2: changes of '" + declared.name() + "'", declared, () -> getRuntimeContext()
                .getMapState(new MapStateDescriptor<>("pending", LongSerializer.INSTANCE, new ListSerializer<>(changeRows))));
        open = WideningRowSerializer.register("SCD2: open versions of '" + history.name() + "'", history, () -> getRuntimeContext()
                .getState(new ValueStateDescriptor<>("open-version", versionRows)));
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<Row> out) throws Exception {
        Row change = Row.withPositions(declared.arity());
        for (int i = 0; i < declared.arity(); i++) {
            change.setField(i, row.getField(i));
        }
        long ts = commitTs(change);
        if (ts <= ctx.timerService().currentWatermark()) {
            ctx.output(late, change);
            return;
        }
        List<Row> atTs = pending.get(ts);
        if (atTs == null) {
            atTs = new ArrayList<>(1);
        }
        atTs.add(change);
        pending.put(ts, atTs);
        ctx.timerService().registerEventTimeTimer(ts);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) throws Exception {
        List<Row> changes = pending.get(timestamp);
        if (changes == null) {
            return;
        }
        pending.remove(timestamp);
        changes.replaceAll(changeRows::conform);
        changes.sort(Comparator.comparingLong(c -> (Long) c.getField(tableArity + 1)));
        for (Row change : changes) {
            apply(change, ctx, out);
        }
    }

    private void apply(Row change, OnTimerContext ctx, Collector<Row> out) throws Exception {
        Instant at = (Instant) change.getField(tableArity + 2);
        String op = (String) change.getField(tableArity);
        Row current = versionRows.conform(open.value());
        if (skipUnchanged && current != null && "u".equals(op) && sameColumns(current, change)) {
            return;
        }
        if (current != null) {
            Row closed = Row.copy(current);
            closed.setField(tableArity + 1, at);
            closed.setField(tableArity + 2, "d".equals(op));
            out.collect(closed);
        }
        if ("d".equals(op)) {
            open.clear();
            return;
        }
        Row version = Row.withPositions(history.arity());
        for (int i = 0; i < tableArity; i++) {
            version.setField(i, change.getField(i));
        }
        version.setField(tableArity, at);
        version.setField(tableArity + 1, null);
        version.setField(tableArity + 2, false);
        version.setField(tableArity + 3, change.getField(tableArity + 1));
        version.setField(tableArity + 4, op);
        open.update(version);
        ctx.output(opened, Row.copy(version));
    }

    private boolean sameColumns(Row version, Row change) {
        for (int i = 0; i < tableArity; i++) {
            if (!java.util.Objects.equals(version.getField(i), change.getField(i))) {
                return false;
            }
        }
        return true;
    }

    private long commitTs(Row change) {
        return ((Instant) change.getField(tableArity + 2)).toEpochMilli();
    }
}
