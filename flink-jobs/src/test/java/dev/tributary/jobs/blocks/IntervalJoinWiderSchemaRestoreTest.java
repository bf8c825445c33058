package dev.tributary.jobs.blocks;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.StateMigrationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Interval-join state written with its inputs' declared columns, restored after each input declared an added
 * column (the schema-change remedy: declare it, restart from the retained checkpoint), on heap and on RocksDB:
 * an added nullable column restores and rows buffered before read it as null; an added NOT NULL column and a
 * retyped one are refused with a message naming the input; state written by the previous build (Flink's row
 * serializers) restores unchanged.
 */
class IntervalJoinWiderSchemaRestoreTest {

    static final RecordSchema READINGS = IntervalJoinFunctionTest.READINGS;
    static final RecordSchema ALARMS = IntervalJoinFunctionTest.ALARMS;
    static final Instant T = IntervalJoinFunctionTest.T;
    static final long LOWER = IntervalJoinFunctionTest.LOWER;
    static final long UPPER = IntervalJoinFunctionTest.UPPER;
    static final long LATENESS = IntervalJoinFunctionTest.LATENESS;

    /** {@code schema} with {@code added} declared after the key columns, in the middle, not only at the end. */
    static RecordSchema declaring(RecordSchema schema, Field added) {
        return declaring(schema, 2, added);
    }

    static RecordSchema declaring(RecordSchema schema, int position, Field added) {
        List<Field> fields = new ArrayList<>(schema.fields());
        fields.add(position, added);
        return new RecordSchema(schema.name(), fields);
    }

    /** Seeded: buffered rows of both inputs before the checkpoint, wider rows after; the output is the brute-force join. */
    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void anAddedNullableColumnRestoresAndTheJoinGoesOnExactly(String backend) throws Exception {
        RecordSchema wideL = declaring(READINGS, Field.optional("unit", FieldType.STRING));
        RecordSchema wideR = declaring(ALARMS, Field.optional("note", FieldType.STRING));
        for (long seed = 1; seed <= 3; seed++) {
            Random random = new Random(seed);
            List<Row> lefts = new ArrayList<>();
            List<Row> rights = new ArrayList<>();
            List<Row> out = new ArrayList<>();
            OperatorSubtaskState snapshot;
            try (var h = harness(READINGS, ALARMS, backend)) {
                h.open();
                for (int i = 0; i < 40; i++) {
                    // Before the checkpoint: event times in [T, T + 5 min), no watermark yet, so everything is buffered.
                    Instant ts = T.plusMillis(random.nextInt(300_000));
                    // Keys without nulls here: a null key's left row is emitted at once, in the narrow layout.
                    boolean left = random.nextBoolean();
                    Integer device = random.nextInt(3);
                    String site = random.nextBoolean() ? "n" : "s";
                    Row row = left ? Row.of(device, site, ts, (long) i) : Row.of(device, site, ts, i);
                    (left ? lefts : rights).add(widen(row, null));
                    if (left) {
                        h.processElement1(new StreamRecord<>(row, ts.toEpochMilli()));
                    } else {
                        h.processElement2(new StreamRecord<>(row, ts.toEpochMilli()));
                    }
                }
                out.addAll(h.extractOutputValues());
                snapshot = h.snapshot(1L, 1L);
            }
            try (var h = harness(wideL, wideR, backend)) {
                h.initializeState(snapshot);
                h.open();
                for (int i = 40; i < 80; i++) {
                    Instant ts = T.plusMillis(240_000 + random.nextInt(300_000));
                    String extra = random.nextInt(4) == 0 ? null : "x" + i;
                    Row row = Row.of(device(random), random.nextBoolean() ? "n" : "s", extra, ts, (long) i);
                    if (random.nextBoolean()) {
                        lefts.add(row);
                        h.processElement1(new StreamRecord<>(row, ts.toEpochMilli()));
                    } else {
                        Row alarm = Row.of(row.getField(0), row.getField(1), extra, ts, i);
                        rights.add(alarm);
                        h.processElement2(new StreamRecord<>(alarm, ts.toEpochMilli()));
                    }
                }
                h.processWatermark1(new Watermark(Long.MAX_VALUE - 1));
                h.processWatermark2(new Watermark(Long.MAX_VALUE - 1));
                out.addAll(h.extractOutputValues());
            }
            assertThat(out).as("seed %d", seed).containsExactlyInAnyOrderElementsOf(bruteForce(lefts, rights));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void anAddedNotNullColumnIsRefusedNamingTheInput(String backend) throws Exception {
        OperatorSubtaskState snapshot = narrowState(backend);
        try (var h = harness(declaring(READINGS, Field.required("unit", FieldType.STRING)), ALARMS, backend)) {
            h.initializeState(snapshot);
            assertThatThrownBy(h::open).hasRootCauseInstanceOf(StateMigrationException.class)
                    .hasStackTraceContaining("interval join: left input 'readings'")
                    .hasStackTraceContaining("unit STRING NOT NULL")
                    .hasStackTraceContaining("Only nullable columns may be added");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void aRetypedColumnIsRefusedNamingTheInput(String backend) throws Exception {
        OperatorSubtaskState snapshot = narrowState(backend);
        RecordSchema retyped = RecordSchema.of("alarms", Field.optional("device", FieldType.INT), Field.optional("site", FieldType.STRING),
                Field.required("at", FieldType.TIMESTAMP), Field.required("severity", FieldType.LONG));
        try (var h = harness(READINGS, retyped, backend)) {
            h.initializeState(snapshot);
            assertThatThrownBy(h::open).hasRootCauseInstanceOf(StateMigrationException.class)
                    .hasStackTraceContaining("interval join: right input 'alarms'");
        }
    }

    /** State written before the widening serializers (Flink's row type infos, timers included) restores as it is. */
    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void stateOfThePreviousBuildRestoresUnchanged(String backend) throws Exception {
        KeyColumns key = new KeyColumns(new int[] {0, 1});
        OperatorSubtaskState snapshot;
        try (var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new PreviousBuild()), key, key,
                KeyColumns.type(READINGS, List.of("device", "site")))) {
            h.setStateBackend(backend(backend));
            h.open();
            h.processElement1(new StreamRecord<>(Row.of(3, "w", T, 1L), T.toEpochMilli()));
            h.processElement2(new StreamRecord<>(Row.of(3, "w", T.plusSeconds(10), 2), T.plusSeconds(10).toEpochMilli()));
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(READINGS, ALARMS, backend)) {
            h.initializeState(snapshot);
            h.open();
            h.processElement2(new StreamRecord<>(Row.of(3, "w", T.plusSeconds(20), 4), T.plusSeconds(20).toEpochMilli()));
            h.processWatermark1(new Watermark(T.toEpochMilli() + UPPER + LATENESS));
            h.processWatermark2(new Watermark(T.toEpochMilli() + UPPER + LATENESS));
            assertThat(h.extractOutputValues()).containsExactlyInAnyOrder(
                    Row.of(3, "w", T, 1L, T.plusSeconds(10), 2), Row.of(3, "w", T, 1L, T.plusSeconds(20), 4));
        }
    }

    private static Integer device(Random random) {
        return random.nextInt(8) == 0 ? null : random.nextInt(3);
    }

    /** A narrow row (4 columns) as the wide layout would hold it: {@code extra} after the key columns. */
    private static Row widen(Row narrow, String extra) {
        return Row.of(narrow.getField(0), narrow.getField(1), extra, narrow.getField(2), narrow.getField(3));
    }

    /**
     * The left join by definition: every left row with each right row of the same non-null key whose time is in
     * [left + lower, left + upper], its non-key columns appended; a left row without one gets nulls.
     */
    private static List<Row> bruteForce(List<Row> lefts, List<Row> rights) {
        List<Row> expected = new ArrayList<>();
        for (Row l : lefts) {
            long t = ((Instant) l.getField(3)).toEpochMilli();
            boolean matched = false;
            for (Row r : rights) {
                long rt = ((Instant) r.getField(3)).toEpochMilli();
                if (l.getField(0) != null && l.getField(0).equals(r.getField(0)) && l.getField(1).equals(r.getField(1))
                        && rt >= t + LOWER && rt <= t + UPPER) {
                    expected.add(Row.of(l.getField(0), l.getField(1), l.getField(2), l.getField(3), l.getField(4),
                            r.getField(2), r.getField(3), r.getField(4)));
                    matched = true;
                }
            }
            if (!matched) {
                expected.add(Row.of(l.getField(0), l.getField(1), l.getField(2), l.getField(3), l.getField(4), null, null, null));
            }
        }
        return expected;
    }

    /** A reading at T and an alarm at T + 10 s buffered in the narrow layouts. */
    private static OperatorSubtaskState narrowState(String backend) throws Exception {
        try (var h = harness(READINGS, ALARMS, backend)) {
            h.open();
            h.processElement1(new StreamRecord<>(Row.of(3, "w", T, 1L), T.toEpochMilli()));
            h.processElement2(new StreamRecord<>(Row.of(3, "w", T.plusSeconds(10), 2), T.plusSeconds(10).toEpochMilli()));
            return h.snapshot(1L, 1L);
        }
    }

    /** A left join, one row per pair: every left column, then the right's non-key columns. */
    private static KeyedTwoInputStreamOperatorTestHarness<Row, Row, Row, Row> harness(RecordSchema left, RecordSchema right,
            String backend) throws Exception {
        int[] leftColumns = new int[left.arity()];
        for (int i = 0; i < leftColumns.length; i++) {
            leftColumns[i] = i;
        }
        int[] rightColumns = new int[right.arity() - 2];
        List<Field> rightFields = new ArrayList<>();
        for (int i = 0; i < rightColumns.length; i++) {
            rightColumns[i] = i + 2;
            rightFields.add(right.field(i + 2).asOptional());
        }
        IntervalJoinFunction f = new IntervalJoinFunction(new LateRecords.Renderer("m", left.name(), left),
                new LateRecords.Renderer("m", right.name(), right), left, right, left.indexOf("ts"), right.indexOf("at"),
                LATENESS, LATENESS, LOWER, UPPER, false, leftColumns, null, rightColumns);
        KeyColumns key = new KeyColumns(new int[] {0, 1});
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(f), key, key,
                KeyColumns.type(READINGS, List.of("device", "site")));
        h.setStateBackend(backend(backend));
        h.setup(left.append(rightFields).rowTypeInfo().createSerializer(new SerializerConfigImpl()));
        return h;
    }

    static StateBackend backend(String name) {
        return name.equals("rocksdb") ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend();
    }

    /** The interval join's state and timers as the build before the widening serializers declared them. */
    private static final class PreviousBuild extends KeyedCoProcessFunction<Row, Row, Row, Row> {
        private transient MapState<Long, List<Row>> lefts;
        private transient MapState<Long, List<Row>> rights;

        @Override
        public void open(OpenContext openContext) {
            lefts = getRuntimeContext().getMapState(new MapStateDescriptor<>("left", Types.LONG, new ListTypeInfo<>(READINGS.rowTypeInfo())));
            rights = getRuntimeContext().getMapState(new MapStateDescriptor<>("right", Types.LONG, new ListTypeInfo<>(ALARMS.rowTypeInfo())));
        }

        @Override
        public void processElement1(Row l, Context ctx, Collector<Row> out) throws Exception {
            long ts = ((Instant) l.getField(2)).toEpochMilli();
            lefts.put(ts, new ArrayList<>(List.of(l)));
            ctx.timerService().registerEventTimeTimer(ts + IntervalJoinFunction.emissionDelay(LOWER, UPPER, LATENESS, LATENESS));
        }

        @Override
        public void processElement2(Row r, Context ctx, Collector<Row> out) throws Exception {
            long ts = ((Instant) r.getField(2)).toEpochMilli();
            rights.put(ts, new ArrayList<>(List.of(r)));
            ctx.timerService().registerEventTimeTimer(ts - LOWER + IntervalJoinFunction.emissionDelay(LOWER, UPPER, LATENESS, LATENESS));
        }
    }
}
