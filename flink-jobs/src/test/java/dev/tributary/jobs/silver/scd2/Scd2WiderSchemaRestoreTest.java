package dev.tributary.jobs.silver.scd2;

import dev.tributary.demo.datagen.ReferenceSchemas;
import dev.tributary.jobs.cdc.CdcTestData;
import dev.tributary.jobs.cdc.PostgresCdcSources;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.StateMigrationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SCD2 state written with the table's declared columns, restored after a column was declared (the schema-change
 * remedy: declare the column, restart from the retained checkpoint), on heap and on RocksDB state: an added
 * nullable column restores, old versions and buffered changes read it as null and the history goes on; an added
 * NOT NULL column, a dropped column and a retyped one are refused by Flink rather than misread.
 */
class Scd2WiderSchemaRestoreTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final DatasetDef NARROW = CdcTestData.CUSTOMERS;

    private static DatasetDef declaring(Field added) {
        List<Field> fields = new ArrayList<>(ReferenceSchemas.CUSTOMERS_SCHEMA.fields());
        fields.add(3, added); // declared in the middle of the table's columns, not only at the end
        return PostgresCdcSources.dataset(new RecordSchema(ReferenceSchemas.CUSTOMERS_SCHEMA.name(), fields),
                List.of("customer_id")).build();
    }

    private static Row wideChange(String id, String tier, String segment, String op, long lsn, Instant commitTs) {
        return Row.of(id, "tok:n", "tok:e", tier, segment, "FR", T0, op, lsn, commitTs);
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void anAddedNullableColumnRestoresAndTheHistoryGoesOn(String backend) throws Exception {
        OperatorSubtaskState snapshot = narrowState(backend);

        List<String> closed;
        List<String> opened;
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = harness(declaring(
                Field.optional("loyalty_tier", FieldType.STRING)), backend)) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(wideChange("c-1", "gold", "vip", "u", 30, T0.plusSeconds(4)), T0.plusSeconds(4).toEpochMilli());
            h.processWatermark(T0.plusSeconds(5).toEpochMilli());
            closed = describe(h.extractOutputValues());
            opened = describe(h.getSideOutput(new OutputTag<>("opened", Types.ROW())).stream()
                    .map(r -> r.getValue()).collect(Collectors.toList()));
        }

        // The version open at the checkpoint and the change buffered in it read loyalty_tier as null.
        assertThat(closed).containsExactly(
                "c-1 null retail [2026-03-01T10:00:00Z,2026-03-01T10:00:02Z) r",
                "c-1 null vip [2026-03-01T10:00:02Z,2026-03-01T10:00:04Z) u");
        assertThat(opened).containsExactly(
                "c-1 null vip [2026-03-01T10:00:02Z,null) u",
                "c-1 gold vip [2026-03-01T10:00:04Z,null) u");
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void anAddedNotNullColumnIsRefusedNotFilledWithNulls(String backend) throws Exception {
        OperatorSubtaskState snapshot = narrowState(backend);
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = harness(declaring(
                Field.required("loyalty_tier", FieldType.STRING)), backend)) {
            h.initializeState(snapshot);
            assertThatThrownBy(h::open).hasRootCauseInstanceOf(StateMigrationException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void aRetypedColumnIsRefused(String backend) throws Exception {
        OperatorSubtaskState snapshot = narrowState(backend);
        List<Field> fields = new ArrayList<>(ReferenceSchemas.CUSTOMERS_SCHEMA.fields());
        fields.set(4, Field.optional("country", FieldType.INT));
        DatasetDef retyped = PostgresCdcSources.dataset(new RecordSchema(ReferenceSchemas.CUSTOMERS_SCHEMA.name(), fields),
                List.of("customer_id")).build();
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = harness(retyped, backend)) {
            h.initializeState(snapshot);
            assertThatThrownBy(h::open).hasRootCauseInstanceOf(StateMigrationException.class);
        }
    }

    /** State written before the widening serializers (Flink's row serializer) restores when nothing changed. */
    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void stateOfThePreviousLayoutRestoresUnchanged(String backend) throws Exception {
        RecordSchema history = Scd2Schemas.history(NARROW.schema(), "customers_history");
        OperatorSubtaskState snapshot;
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new PreviousLayout(NARROW.schema(), history)), r -> (String) r.getField(0), Types.STRING)) {
            h.setStateBackend(backend(backend));
            h.open();
            h.processElement(Row.of("c-1", "tok:n", "tok:e", "retail", "FR", T0, Instant.EPOCH, null, false, 10L, "r"), 0L);
            snapshot = h.snapshot(1L, 1L);
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = harness(NARROW, backend)) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(Scd2FunctionTest.change("c-1", "vip", "u", 20, T0.plusSeconds(2)), T0.plusSeconds(2).toEpochMilli());
            h.processWatermark(T0.plusSeconds(3).toEpochMilli());
            assertThat(h.extractOutputValues()).singleElement().satisfies(v -> {
                assertThat(v.getField(3)).isEqualTo("retail");
                assertThat(v.getField(7)).isEqualTo(T0.plusSeconds(2));
            });
        }
    }

    /** An open version (retail, from T0) and a buffered change (vip at T0 + 2 s) in the narrow layout. */
    private static OperatorSubtaskState narrowState(String backend) throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = harness(NARROW, backend)) {
            h.open();
            h.processElement(Scd2FunctionTest.change("c-1", "retail", "r", 10, T0), T0.toEpochMilli());
            h.processWatermark(T0.toEpochMilli());
            h.processElement(Scd2FunctionTest.change("c-1", "vip", "u", 20, T0.plusSeconds(2)), T0.plusSeconds(2).toEpochMilli());
            return h.snapshot(1L, 1L);
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Row, Row> harness(DatasetDef ds, String backend) throws Exception {
        RecordSchema history = Scd2Schemas.history(ds.schema(), "customers_history");
        KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new Scd2Function(ds.schema(), history, new OutputTag<>("opened", history.rowTypeInfo()),
                        new OutputTag<>("late", ds.schema().rowTypeInfo()))),
                r -> (String) r.getField(0), Types.STRING);
        h.setStateBackend(backend(backend));
        h.setup(history.rowTypeInfo().createSerializer(new SerializerConfigImpl()));
        return h;
    }

    private static StateBackend backend(String name) {
        return name.equals("rocksdb") ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend();
    }

    /** Versions as "id [tier] segment [from,to) opened_by", the tier only when the layout has one. */
    private static List<String> describe(List<Row> versions) {
        return versions.stream().map(v -> {
            int shift = v.getArity() - 11;
            String tier = shift == 1 ? v.getField(3) + " " : "";
            return v.getField(0) + " " + tier + v.getField(3 + shift) + " [" + v.getField(6 + shift) + ","
                    + v.getField(7 + shift) + ") " + v.getField(10 + shift);
        }).collect(Collectors.toList());
    }

    /** The SCD2 function's state as it was declared before the widening serializers: Flink's row type infos. */
    private static final class PreviousLayout extends KeyedProcessFunction<String, Row, Row> {
        private final RecordSchema declared;
        private final RecordSchema history;

        PreviousLayout(RecordSchema declared, RecordSchema history) {
            this.declared = declared;
            this.history = history;
        }

        @Override
        public void open(OpenContext openContext) {
            getRuntimeContext().getMapState(new MapStateDescriptor<>("pending", Types.LONG, Types.LIST(declared.rowTypeInfo())));
        }

        @Override
        public void processElement(Row version, Context ctx, Collector<Row> out) throws Exception {
            getRuntimeContext().getState(new ValueStateDescriptor<>("open-version", history.rowTypeInfo())).update(version);
        }
    }
}
