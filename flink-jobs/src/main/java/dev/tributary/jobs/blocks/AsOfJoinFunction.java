package dev.tributary.jobs.blocks;

import dev.tributary.jobs.state.WideningRowSerializer;
import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.ListSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

import javax.annotation.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * As-of (temporal) join: each input record gets the version of its key valid at the record's event time
 * {@code t}, the version with the greatest {@code valid_from <= t}. Not a lookup of the current row: a version
 * after {@code t} never affects it. A record is resolved once the watermark passes {@code t + versions'
 * lateness} (all versions that can still matter have arrived), immediately if it already has.
 *
 * <p>Version state is pruned by timers: once the horizon {@code watermark - max(versions' lateness, input
 * lateness)} passes a version's {@code valid_from}, every older version is dropped (no pending record and no
 * record still to come can need it), so a key keeps one version once quiet. A delete (op column value in the
 * delete set) is a tombstone: records after it get the defaults, as for an unknown key. Too-late records and
 * versions go to their input's late side output.
 *
 * <p>Waiting records and versions are kept with {@link WideningRowSerializer}s (of the input's declared columns,
 * of the taken columns and the tombstone flag), so the state restores after a nullable column was declared:
 * rows kept before read it as null.
 */
@Internal
public final class AsOfJoinFunction extends KeyedCoProcessFunction<Row, Row, Row, Row> {
    private static final long serialVersionUID = 1L;

    private final LateRecords.Renderer inputLate;
    private final LateRecords.Renderer versionsLate;
    private final RecordSchema inputSchema;
    private final RecordSchema versionSchema;
    private final int inputTime;
    private final int validFrom;
    private final int op;
    private final Set<String> deletes;
    private final int[] take;
    private final Object[] defaults;
    private final boolean withValidFrom;
    private final long versionsLateness;
    private final long inputLateness;

    private transient WideningRowSerializer inputRows;
    private transient WideningRowSerializer versionRows;
    /** valid_from -> taken columns, then a tombstone flag. */
    private transient MapState<Long, Row> versions;
    /** event time -> records waiting for the horizon to pass it. */
    private transient MapState<Long, List<Row>> pending;

    /**
     * @param versionSchema taken columns then a BOOLEAN tombstone flag (see {@link #versionSchema})
     * @param op position of the change-operation column of the versions, -1 if none
     * @param defaults per taken column, the value when no version is known
     * @param withValidFrom whether the output ends with the version's valid-from
     */
    public AsOfJoinFunction(LateRecords.Renderer inputLate, LateRecords.Renderer versionsLate, RecordSchema inputSchema,
            RecordSchema versionSchema, int inputTime, int validFrom, int op, Set<String> deletes, int[] take, Object[] defaults,
            boolean withValidFrom, long inputLateness, long versionsLateness) {
        this.inputLate = inputLate;
        this.versionsLate = versionsLate;
        this.inputSchema = inputSchema;
        this.versionSchema = versionSchema;
        this.inputTime = inputTime;
        this.validFrom = validFrom;
        this.op = op;
        this.deletes = Set.copyOf(deletes);
        this.take = take;
        this.defaults = defaults;
        this.withValidFrom = withValidFrom;
        this.inputLateness = inputLateness;
        this.versionsLateness = versionsLateness;
    }

    /**
     * The layout of a kept version: {@code taken} (named as in the output, nullable as in the versions table, so
     * an added NOT NULL column is refused at restore rather than read as null), then the tombstone flag under a
     * name none of them has.
     */
    public static RecordSchema versionSchema(String model, List<Field> taken) {
        Set<String> names = new HashSet<>();
        taken.forEach(f -> names.add(f.name()));
        String flag = "_tombstone";
        while (names.contains(flag)) {
            flag = "_" + flag;
        }
        List<Field> fields = new ArrayList<>(taken);
        fields.add(Field.required(flag, FieldType.BOOLEAN));
        return new RecordSchema(model + "_versions", fields);
    }

    /** How long after a record's event time (in watermark time) it may be emitted. */
    public static long emissionDelay(long inputLateness, long versionsLateness) {
        return Math.max(0, Math.max(inputLateness, versionsLateness));
    }

    @Override
    public void open(OpenContext openContext) {
        inputRows = WideningRowSerializer.of(inputSchema, getRuntimeContext());
        versionRows = WideningRowSerializer.of(versionSchema, getRuntimeContext());
        versions = WideningRowSerializer.register("as-of join: versions kept as '" + versionSchema.name() + "'", versionSchema,
                () -> getRuntimeContext().getMapState(new MapStateDescriptor<>("versions", LongSerializer.INSTANCE, versionRows)));
        pending = WideningRowSerializer.register("as-of join: input '" + inputSchema.name() + "'", inputSchema,
                () -> getRuntimeContext().getMapState(
                        new MapStateDescriptor<>("pending", LongSerializer.INSTANCE, new ListSerializer<>(inputRows))));
    }

    @Override
    public void processElement1(Row in, Context ctx, Collector<Row> out) throws Exception {
        long ts = ((Instant) in.getField(inputTime)).toEpochMilli();
        long wm = ctx.timerService().currentWatermark();
        if (LateRecords.isLate(ts, wm, inputLateness)) {
            ctx.output(inputLate.tag(), inputLate.toRow(ts, wm, inputLateness, KeyColumns.describe(ctx.getCurrentKey()), in));
            return;
        }
        if (KeyColumns.hasNull(ctx.getCurrentKey())) {
            out.collect(output(in, null));
            return;
        }
        if (wm != Long.MIN_VALUE && LateRecords.plus(ts, versionsLateness) <= wm) {
            out.collect(output(in, versionAt(ts)));
            return;
        }
        List<Row> waiting = pending.get(ts);
        if (waiting == null) {
            waiting = new ArrayList<>(1);
            ctx.timerService().registerEventTimeTimer(LateRecords.plus(ts, versionsLateness));
        }
        waiting.add(in);
        pending.put(ts, waiting);
    }

    @Override
    public void processElement2(Row v, Context ctx, Collector<Row> out) throws Exception {
        long from = ((Instant) v.getField(validFrom)).toEpochMilli();
        long wm = ctx.timerService().currentWatermark();
        if (LateRecords.isLate(from, wm, versionsLateness)) {
            ctx.output(versionsLate.tag(), versionsLate.toRow(from, wm, versionsLateness, KeyColumns.describe(ctx.getCurrentKey()), v));
            return;
        }
        if (KeyColumns.hasNull(ctx.getCurrentKey())) {
            return;
        }
        Row kept = new Row(take.length + 1);
        boolean tombstone = op >= 0 && deletes.contains(String.valueOf(v.getField(op)));
        if (!tombstone) {
            for (int i = 0; i < take.length; i++) {
                kept.setField(i, v.getField(take[i]));
            }
        }
        kept.setField(take.length, tombstone);
        versions.put(from, kept);
        ctx.timerService().registerEventTimeTimer(LateRecords.plus(from, emissionDelay(inputLateness, versionsLateness)));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) throws Exception {
        // The timer's own time, not currentWatermark(): at the end of input every timer sees MAX_VALUE.
        long ts = LateRecords.plus(timestamp, -versionsLateness);
        List<Row> waiting = pending.get(ts);
        if (waiting != null) {
            Map.Entry<Long, Row> v = versionAt(ts);
            for (Row in : waiting) {
                // Heap state keeps rows as restored: ones kept before a column was added are narrower.
                out.collect(output(inputRows.conform(in), v));
            }
            pending.remove(ts);
        }
        prune(LateRecords.plus(timestamp, -emissionDelay(inputLateness, versionsLateness)));
    }

    private Row output(Row in, @Nullable Map.Entry<Long, Row> v) {
        int n = in.getArity();
        Row o = new Row(n + take.length + (withValidFrom ? 1 : 0));
        for (int i = 0; i < n; i++) {
            o.setField(i, in.getField(i));
        }
        boolean known = v != null && !Boolean.TRUE.equals(v.getValue().getField(take.length));
        for (int i = 0; i < take.length; i++) {
            o.setField(n + i, known ? v.getValue().getField(i) : defaults[i]);
        }
        if (withValidFrom && known) {
            o.setField(n + take.length, Instant.ofEpochMilli(v.getKey()));
        }
        return o;
    }

    @Nullable
    private Map.Entry<Long, Row> versionAt(long ts) throws Exception {
        Map.Entry<Long, Row> best = null;
        for (Map.Entry<Long, Row> e : versions.entries()) {
            if (e.getKey() <= ts && (best == null || e.getKey() > best.getKey())) {
                best = e;
            }
        }
        return best == null ? null : Map.entry(best.getKey(), versionRows.conform(best.getValue()));
    }

    /** Keeps the latest version at or before the horizon and everything after it. */
    private void prune(long horizon) throws Exception {
        Map.Entry<Long, Row> latest = versionAt(horizon);
        if (latest == null) {
            return;
        }
        List<Long> drop = new ArrayList<>();
        for (Long k : versions.keys()) {
            if (k < latest.getKey()) {
                drop.add(k);
            }
        }
        for (Long k : drop) {
            versions.remove(k);
        }
    }
}
