package dev.tributary.jobs.blocks;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Harness tests of the generic as-of join over a CDC-style versions table (op column, deletes are tombstones). */
class AsOfJoinFunctionTest {

    static final RecordSchema READINGS = RecordSchema.of("readings", Field.required("device", FieldType.STRING),
            Field.required("ts", FieldType.TIMESTAMP), Field.required("value", FieldType.LONG));
    static final RecordSchema DEVICES = RecordSchema.of("devices", Field.required("device", FieldType.STRING),
            Field.required("site", FieldType.STRING), Field.required("changed_at", FieldType.TIMESTAMP),
            Field.required("_op", FieldType.STRING));
    static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
    static final long LATENESS = 30_000;

    static KeyedTwoInputStreamOperatorTestHarness<Row, Row, Row, Row> harness() throws Exception {
        AsOfJoinFunction f = new AsOfJoinFunction(new LateRecords.Renderer("m", "readings", READINGS),
                new LateRecords.Renderer("m", "devices", DEVICES), READINGS,
                AsOfJoinFunction.versionSchema("m", List.of(DEVICES.field("site"))), 1, 2, 3, Set.of("d"),
                new int[] {1}, new Object[] {"unassigned"}, true, 0, LATENESS);
        KeyColumns key = new KeyColumns(new int[] {0});
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(f), key, key,
                KeyColumns.type(READINGS, List.of("device")));
        h.setup(READINGS.append(List.of(Field.optional("site", FieldType.STRING), Field.optional("valid_from", FieldType.TIMESTAMP)))
                .rowTypeInfo().createSerializer(new SerializerConfigImpl()));
        h.open();
        return h;
    }

    static void reading(KeyedTwoInputStreamOperatorTestHarness<Row, Row, Row, Row> h, String d, Instant ts) throws Exception {
        h.processElement1(new StreamRecord<>(Row.of(d, ts, 1L), ts.toEpochMilli()));
    }

    static void version(KeyedTwoInputStreamOperatorTestHarness<Row, Row, Row, Row> h, String d, String site, Instant at, String op)
            throws Exception {
        h.processElement2(new StreamRecord<>(Row.of(d, site, at, op), at.toEpochMilli()));
    }

    static void watermark(KeyedTwoInputStreamOperatorTestHarness<Row, Row, Row, Row> h, long t) throws Exception {
        h.processWatermark1(new Watermark(t));
        h.processWatermark2(new Watermark(t));
    }

    @Test
    void recordsGetTheVersionValidAtTheirTimeAndDeletesAreTombstones() throws Exception {
        var h = harness();
        version(h, "d1", "north", T.minusSeconds(60), "c");
        version(h, "d1", "south", T.plusSeconds(60), "u");
        version(h, "d1", "x", T.plusSeconds(120), "d");
        reading(h, "d1", T);                              // north
        reading(h, "d1", T.plusSeconds(60));              // south (valid-from inclusive)
        reading(h, "d1", T.plusSeconds(180));             // deleted: default
        reading(h, "d2", T);                              // unknown device: default
        watermark(h, T.plusSeconds(180).toEpochMilli() + LATENESS);
        assertThat(h.extractOutputValues()).containsExactlyInAnyOrder(
                Row.of("d1", T, 1L, "north", T.minusSeconds(60)),
                Row.of("d1", T.plusSeconds(60), 1L, "south", T.plusSeconds(60)),
                Row.of("d1", T.plusSeconds(180), 1L, "unassigned", null),
                Row.of("d2", T, 1L, "unassigned", null));
    }

    @Test
    void aVersionArrivingAfterARecordItAppliesToWithinLatenessIsUsed() throws Exception {
        var h = harness();
        version(h, "d1", "north", T.minusSeconds(600), "r");
        reading(h, "d1", T);
        watermark(h, T.toEpochMilli() + LATENESS - 1);             // not resolved yet: a version may still come
        version(h, "d1", "east", T, "u");                          // behind the watermark, within lateness
        assertThat(h.extractOutputValues()).isEmpty();
        watermark(h, T.toEpochMilli() + LATENESS);
        assertThat(h.extractOutputValues()).containsExactly(Row.of("d1", T, 1L, "east", T));
        version(h, "d1", "late", T.minusSeconds(1), "u");          // now too late: routed, not applied
        assertThat(h.getSideOutput(LateRecords.tag("m", "devices"))).hasSize(1);
    }

    @Test
    void supersededVersionsArePrunedSoAQuietKeyKeepsOne() throws Exception {
        var h = harness();
        for (int i = 0; i < 5; i++) {
            version(h, "d1", "s" + i, T.plusSeconds(i), "u");
        }
        watermark(h, T.plusSeconds(10).toEpochMilli() + LATENESS);
        assertThat(h.numKeyedStateEntries()).isEqualTo(1);
        reading(h, "d1", T.plusSeconds(10).plusMillis(LATENESS + 1));
        watermark(h, Long.MAX_VALUE - 1);
        assertThat(h.extractOutputValues()).singleElement().satisfies(r -> assertThat(r.getField(3)).isEqualTo("s4"));
    }

    @Test
    void anIdleVersionsInputDoesNotHoldRecordsBack() throws Exception {
        var h = harness();
        version(h, "d1", "north", T.minusSeconds(60), "c");
        h.processWatermarkStatus2(WatermarkStatus.IDLE);        // no device changes for a while
        reading(h, "d1", T);
        h.processWatermark1(new Watermark(T.toEpochMilli() + LATENESS - 1));
        assertThat(h.extractOutputValues()).isEmpty();
        h.processWatermark1(new Watermark(T.toEpochMilli() + LATENESS));
        assertThat(h.extractOutputValues()).containsExactly(Row.of("d1", T, 1L, "north", T.minusSeconds(60)));
    }
}
