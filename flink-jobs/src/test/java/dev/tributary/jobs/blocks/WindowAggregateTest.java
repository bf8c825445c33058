package dev.tributary.jobs.blocks;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Harness tests of the window aggregate: the operators {@link WindowAggregate#apply} wires (taken from the job graph
 * it builds, not re-assembled here), fed records and watermarks one by one.
 */
class WindowAggregateTest {

    static final RecordSchema READINGS = RecordSchema.of("readings", Field.optional("site", FieldType.STRING),
            Field.optional("device", FieldType.INT), Field.required("ts", FieldType.TIMESTAMP),
            Field.decimal("temperature", true, 5, 2), Field.required("alarm", FieldType.BOOLEAN));
    static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
    static final long FIVE_MIN = 300_000;

    static WindowAggregate.Builder measures(WindowAggregate.Builder b) {
        return b.groupBy(List.of("site")).groupDefault("site", "unknown")
                .measure(Aggregate.count("readings"))
                .measure(Aggregate.countIf("alarmed", "alarm"))
                .measure(Aggregate.avg("avg_temperature", "temperature").as("DECIMAL(6, 3)"))
                .measure(Aggregate.max("max_temperature", "temperature"))
                .measure(Aggregate.countDistinct("devices", "device"))
                .derived(Derived.ratio("alarmed_share", "alarmed", "readings", "DECIMAL(5, 4) NOT NULL"));
    }

    /** The wired graph's operators, by the name the block gives them. */
    static OneInputTransformation<Row, Row> wired(WindowAggregate w, String nameEnd) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        EventTable in = EventTable.of("readings", env.fromData(List.of(Row.of("a", 1, T, BigDecimal.ONE, false)),
                READINGS.rowTypeInfo()), READINGS, "ts", Duration.ofSeconds(10));
        Deque<Transformation<?>> todo = new ArrayDeque<>(List.of(w.apply("gold", "m", in, "t-").output().rows().getTransformation()));
        while (!todo.isEmpty()) {
            Transformation<?> t = todo.pop();
            if (t.getName().endsWith(nameEnd)) {
                @SuppressWarnings("unchecked")
                OneInputTransformation<Row, Row> found = (OneInputTransformation<Row, Row>) t;
                return found;
            }
            todo.addAll(t.getInputs());
        }
        throw new AssertionError("no operator named '... " + nameEnd + "'");
    }

    @SuppressWarnings("unchecked")
    static KeyedOneInputStreamOperatorTestHarness<Row, Row, Row> windows(WindowAggregate w) throws Exception {
        OneInputTransformation<Row, Row> t = wired(w, "windows");
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                (OneInputStreamOperator<Row, Row>) ((SimpleOperatorFactory<Row>) t.getOperatorFactory()).getOperator(),
                (org.apache.flink.api.java.functions.KeySelector<Row, Row>) t.getStateKeySelector(),
                (org.apache.flink.api.common.typeinfo.TypeInformation<Row>) t.getStateKeyType());
        h.setup(t.getOutputType().createSerializer(new SerializerConfigImpl()));
        return h;
    }

    static void add(KeyedOneInputStreamOperatorTestHarness<Row, Row, Row> h, String site, Integer device, Instant ts,
            String temperature, boolean alarm) throws Exception {
        h.processElement(new StreamRecord<>(Row.of(site, device, ts, new BigDecimal(temperature), alarm), ts.toEpochMilli()));
    }

    static Row out(Instant start, long sizeMillis, String site, long readings, long alarmed, String avg, String max, long devices,
            String share) {
        return Row.of(start, start.plusMillis(sizeMillis), site, readings, alarmed, new BigDecimal(avg), new BigDecimal(max),
                devices, new BigDecimal(share));
    }

    @Test
    void tumblingWindowsFireOnceWhenTheWatermarkPassesTheirEndWithAllMeasures() throws Exception {
        var h = windows(measures(WindowAggregate.builder().tumbling(Duration.ofMinutes(5))).build());
        h.open();
        add(h, "a", 1, T.plusSeconds(10), "20.00", false);
        add(h, "a", 2, T.plusSeconds(180), "21.01", true);
        add(h, "a", 2, T.plusMillis(FIVE_MIN - 1), "19.00", false);    // last millisecond of the window
        add(h, null, 3, T, "30.00", true);                                // null group: the declared default
        add(h, "a", 1, T.plusMillis(FIVE_MIN), "25.00", false);         // first millisecond of the next window
        h.processWatermark(new Watermark(T.toEpochMilli() + FIVE_MIN - 2));
        assertThat(h.extractOutputValues()).isEmpty();
        h.processWatermark(new Watermark(T.toEpochMilli() + FIVE_MIN - 1));
        assertThat(h.extractOutputValues()).containsExactlyInAnyOrder(
                out(T, FIVE_MIN, "a", 3, 1, "20.003", "21.01", 2, "0.3333"),
                out(T, FIVE_MIN, "unknown", 1, 1, "30.000", "30.00", 1, "1.0000"));
        // Later watermarks fire the next window once, and never the first one again: append-only output.
        h.processWatermark(new Watermark(T.toEpochMilli() + 3 * FIVE_MIN));
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(h.extractOutputValues()).hasSize(3).contains(out(T.plusMillis(FIVE_MIN), FIVE_MIN, "a", 1, 0, "25.000", "25.00", 1, "0.0000"));
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    @Test
    void hoppingWindowsCountARecordInEveryWindowThatHoldsIt() throws Exception {
        var h = windows(measures(WindowAggregate.builder().hopping(Duration.ofMinutes(10), Duration.ofMinutes(5))).build());
        h.open();
        add(h, "b", 1, T.plusSeconds(420), "10.00", true);   // 12:07 is in [12:00, 12:10) and [12:05, 12:15)
        add(h, "b", 2, T.plusSeconds(120), "20.00", false);  // 12:02 is in [11:55, 12:05) and [12:00, 12:10)
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        long ten = 2 * FIVE_MIN;
        assertThat(h.extractOutputValues()).containsExactlyInAnyOrder(
                out(T.minusMillis(FIVE_MIN), ten, "b", 1, 0, "20.000", "20.00", 1, "0.0000"),
                out(T, ten, "b", 2, 1, "15.000", "20.00", 2, "0.5000"),
                out(T.plusMillis(FIVE_MIN), ten, "b", 1, 1, "10.000", "10.00", 1, "1.0000"));
    }

    @Test
    void aSnapshotTakenMidWindowRestoresItsAccumulators() throws Exception {
        WindowAggregate w = measures(WindowAggregate.builder().tumbling(Duration.ofMinutes(5))).build();
        var h = windows(w);
        h.open();
        add(h, "a", 1, T.plusSeconds(10), "20.00", false);
        add(h, "a", 2, T.plusSeconds(20), "22.00", true);
        h.processWatermark(new Watermark(T.toEpochMilli() + 60_000));
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        h.close();

        var restored = windows(w);
        restored.initializeState(snapshot);
        restored.open();
        add(restored, "a", 2, T.plusSeconds(200), "24.01", false);
        restored.processWatermark(new Watermark(T.toEpochMilli() + FIVE_MIN - 1));
        assertThat(restored.extractOutputValues()).containsExactly(out(T, FIVE_MIN, "a", 3, 1, "22.003", "24.01", 2, "0.3333"));
    }

    @Test
    void recordsLaterThanTheInputsLatenessAreRoutedToTheLateOutputBeforeTheWindows() throws Exception {
        OneInputTransformation<Row, Row> t = wired(measures(WindowAggregate.builder().tumbling(Duration.ofMinutes(5))).build(),
                "route late readings");
        @SuppressWarnings("unchecked")
        var h = new OneInputStreamOperatorTestHarness<>(
                (OneInputStreamOperator<Row, Row>) ((SimpleOperatorFactory<Row>) t.getOperatorFactory()).getOperator());
        h.open();
        long wm = T.toEpochMilli() + FIVE_MIN;
        h.processWatermark(new Watermark(wm));
        Instant late = Instant.ofEpochMilli(wm - 10_000);               // = watermark - lateness: too late
        Instant onTime = Instant.ofEpochMilli(wm - 9_999);
        h.processElement(new StreamRecord<>(Row.of("a", 7, late, new BigDecimal("20.50"), true), late.toEpochMilli()));
        h.processElement(new StreamRecord<>(Row.of("a", 7, onTime, new BigDecimal("20.50"), true), onTime.toEpochMilli()));
        assertThat(h.extractOutputValues()).singleElement().satisfies(r -> assertThat(r.getField(2)).isEqualTo(onTime));
        assertThat(h.getSideOutput(LateRecords.tag("m", "readings"))).singleElement().satisfies(r -> {
            assertThat(r.getValue().getField(0)).isEqualTo("m");
            assertThat(r.getValue().getField(3)).isEqualTo(late);
            assertThat(r.getValue().getField(4)).isEqualTo(Instant.ofEpochMilli(wm));
            assertThat(r.getValue().getField(5)).isEqualTo("a");
            assertThat(r.getValue().getField(6)).isEqualTo("{\"site\":\"a\",\"device\":7,\"ts\":\"" + late
                    + "\",\"temperature\":20.50,\"alarm\":true}");
        });
    }
}
