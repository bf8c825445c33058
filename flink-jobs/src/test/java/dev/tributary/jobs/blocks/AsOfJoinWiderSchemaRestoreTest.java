package dev.tributary.jobs.blocks;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
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
import java.util.Set;

import static dev.tributary.jobs.blocks.IntervalJoinWiderSchemaRestoreTest.backend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * As-of join state (waiting records, kept versions) written with the declared columns, restored after the input
 * and the versions table each declared an added column, on heap and on RocksDB: nullable columns restore (the
 * versions' new column is taken by default, so the kept versions widen too) and what was kept reads them as
 * null; NOT NULL ones are refused naming what keeps the state; the previous build's state restores unchanged.
 */
class AsOfJoinWiderSchemaRestoreTest {

    static final RecordSchema READINGS = AsOfJoinFunctionTest.READINGS;
    static final RecordSchema DEVICES = AsOfJoinFunctionTest.DEVICES;
    static final Instant T = AsOfJoinFunctionTest.T;
    static final long LATENESS = AsOfJoinFunctionTest.LATENESS;

    /** {@code schema} with {@code added} declared right after the key. */
    static RecordSchema declaring(RecordSchema schema, Field added) {
        return IntervalJoinWiderSchemaRestoreTest.declaring(schema, 1, added);
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void addedNullableColumnsRestoreAndKeptRowsReadThemAsNull(String backend) throws Exception {
        OperatorSubtaskState snapshot = narrowState(backend);
        RecordSchema readings = declaring(READINGS, Field.optional("unit", FieldType.STRING));
        RecordSchema devices = declaring(DEVICES, Field.optional("zone", FieldType.STRING));
        try (var h = harness(readings, devices, backend)) {
            h.initializeState(snapshot);
            h.open();
            h.processElement2(new StreamRecord<>(Row.of("d1", "z9", "south", T.plusSeconds(60), "u"), T.plusSeconds(60).toEpochMilli()));
            h.processElement1(new StreamRecord<>(Row.of("d1", "bar", T.plusSeconds(60), 2L), T.plusSeconds(60).toEpochMilli()));
            h.processElement1(new StreamRecord<>(Row.of("d1", "bar", T.plusSeconds(30), 3L), T.plusSeconds(30).toEpochMilli()));
            watermark(h, T.plusSeconds(60).toEpochMilli() + LATENESS);
            // The reading waiting at the checkpoint reads unit as null and gets the version kept then, its zone null;
            // a new reading before the new version gets that kept version too.
            assertThat(h.extractOutputValues()).containsExactly(
                    Row.of("d1", null, T, 1L, null, "north", T.minusSeconds(60)),
                    Row.of("d1", "bar", T.plusSeconds(30), 3L, null, "north", T.minusSeconds(60)),
                    Row.of("d1", "bar", T.plusSeconds(60), 2L, "z9", "south", T.plusSeconds(60)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void anAddedNotNullVersionsColumnIsRefusedNamingTheKeptVersions(String backend) throws Exception {
        OperatorSubtaskState snapshot = narrowState(backend);
        try (var h = harness(READINGS, declaring(DEVICES, Field.required("zone", FieldType.STRING)), backend)) {
            h.initializeState(snapshot);
            assertThatThrownBy(h::open).hasRootCauseInstanceOf(StateMigrationException.class)
                    .hasStackTraceContaining("as-of join: versions kept as 'm_versions'")
                    .hasStackTraceContaining("zone STRING NOT NULL");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void anAddedNotNullInputColumnIsRefusedNamingTheInput(String backend) throws Exception {
        OperatorSubtaskState snapshot = narrowState(backend);
        try (var h = harness(declaring(READINGS, Field.required("unit", FieldType.STRING)), DEVICES, backend)) {
            h.initializeState(snapshot);
            assertThatThrownBy(h::open).hasRootCauseInstanceOf(StateMigrationException.class)
                    .hasStackTraceContaining("as-of join: input 'readings'");
        }
    }

    /** State written before the widening serializers (Flink's row type infos, timers included) restores as it is. */
    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void stateOfThePreviousBuildRestoresUnchanged(String backend) throws Exception {
        KeyColumns key = new KeyColumns(new int[] {0});
        OperatorSubtaskState snapshot;
        try (var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new PreviousBuild()), key, key,
                KeyColumns.type(READINGS, List.of("device")))) {
            h.setStateBackend(backend(backend));
            h.open();
            h.processElement2(new StreamRecord<>(Row.of("d1"), T.minusSeconds(60).toEpochMilli()));
            h.processElement1(new StreamRecord<>(Row.of("d1", T, 1L), T.toEpochMilli()));
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(READINGS, DEVICES, backend)) {
            h.initializeState(snapshot);
            h.open();
            watermark(h, T.toEpochMilli() + LATENESS);
            assertThat(h.extractOutputValues()).containsExactly(Row.of("d1", T, 1L, "north", T.minusSeconds(60)));
        }
    }

    /** A version (north from T - 1 min) kept and a reading at T waiting for the versions' lateness, narrow layouts. */
    private static OperatorSubtaskState narrowState(String backend) throws Exception {
        try (var h = harness(READINGS, DEVICES, backend)) {
            h.open();
            h.processElement2(new StreamRecord<>(Row.of("d1", "north", T.minusSeconds(60), "c"), T.minusSeconds(60).toEpochMilli()));
            h.processElement1(new StreamRecord<>(Row.of("d1", T, 1L), T.toEpochMilli()));
            assertThat(h.extractOutputValues()).isEmpty();
            return h.snapshot(1L, 1L);
        }
    }

    private static void watermark(KeyedTwoInputStreamOperatorTestHarness<Row, Row, Row, Row> h, long t) throws Exception {
        h.processWatermark1(new Watermark(t));
        h.processWatermark2(new Watermark(t));
    }

    /** Takes every non-key versions column but the time and op (the default), then the version's valid-from. */
    private static KeyedTwoInputStreamOperatorTestHarness<Row, Row, Row, Row> harness(RecordSchema input, RecordSchema versions,
            String backend) throws Exception {
        List<Field> taken = new ArrayList<>();
        List<Field> out = new ArrayList<>();
        int[] take = new int[versions.arity() - 3];
        for (int i = 0; i < take.length; i++) {
            take[i] = i + 1;
            taken.add(versions.field(i + 1));
            out.add(versions.field(i + 1).asOptional());
        }
        out.add(Field.optional("valid_from", FieldType.TIMESTAMP));
        AsOfJoinFunction f = new AsOfJoinFunction(new LateRecords.Renderer("m", input.name(), input),
                new LateRecords.Renderer("m", versions.name(), versions), input, AsOfJoinFunction.versionSchema("m", taken),
                input.indexOf("ts"), versions.indexOf("changed_at"), versions.indexOf("_op"), Set.of("d"), take,
                new Object[take.length], true, 0, LATENESS);
        KeyColumns key = new KeyColumns(new int[] {0});
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(f), key, key,
                KeyColumns.type(READINGS, List.of("device")));
        h.setStateBackend(backend(backend));
        h.setup(input.append(out).rowTypeInfo().createSerializer(new SerializerConfigImpl()));
        return h;
    }

    /** The as-of join's state and timers as the build before the widening serializers declared them. */
    private static final class PreviousBuild extends KeyedCoProcessFunction<Row, Row, Row, Row> {
        @Override
        public void open(OpenContext openContext) {}

        @Override
        public void processElement1(Row in, Context ctx, Collector<Row> out) throws Exception {
            long ts = ((Instant) in.getField(1)).toEpochMilli();
            getRuntimeContext().getMapState(new MapStateDescriptor<>("pending", Types.LONG, new ListTypeInfo<>(READINGS.rowTypeInfo())))
                    .put(ts, new ArrayList<>(List.of(in)));
            ctx.timerService().registerEventTimeTimer(ts + LATENESS);
        }

        @Override
        public void processElement2(Row v, Context ctx, Collector<Row> out) throws Exception {
            RowTypeInfo kept = new RowTypeInfo(new TypeInformation<?>[] {Types.STRING, Types.BOOLEAN});
            getRuntimeContext().getMapState(new MapStateDescriptor<>("versions", Types.LONG, kept))
                    .put(T.minusSeconds(60).toEpochMilli(), Row.of("north", false));
            ctx.timerService().registerEventTimeTimer(T.minusSeconds(60).toEpochMilli() + LATENESS);
        }
    }
}
