package dev.tributary.jobs.blocks;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Harness tests of the generic interval join: a two-column key (INT, STRING), bounds [-1 min, +5 min]. */
class IntervalJoinFunctionTest {

    static final RecordSchema READINGS = RecordSchema.of("readings", Field.optional("device", FieldType.INT),
            Field.optional("site", FieldType.STRING), Field.required("ts", FieldType.TIMESTAMP), Field.required("value", FieldType.LONG));
    static final RecordSchema ALARMS = RecordSchema.of("alarms", Field.optional("device", FieldType.INT),
            Field.optional("site", FieldType.STRING), Field.required("at", FieldType.TIMESTAMP), Field.required("severity", FieldType.INT));
    static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
    static final long LOWER = -60_000;
    static final long UPPER = 300_000;
    static final long LATENESS = 10_000;
    static final long CLOSE = T.toEpochMilli() + UPPER + LATENESS;

    static Aggregator aggregator() {
        return new Aggregator(List.of(Aggregate.count("alarms"), Aggregate.max("max_severity", "severity"),
                Aggregate.any("critical", "severity >= 3"), Aggregate.first("first_alarm", "at")), ALARMS, 2);
    }

    static KeyedTwoInputStreamOperatorTestHarness<Row, Row, Row, Row> harness(boolean inner) throws Exception {
        IntervalJoinFunction f = new IntervalJoinFunction(new LateRecords.Renderer("m", "readings", READINGS),
                new LateRecords.Renderer("m", "alarms", ALARMS), READINGS, ALARMS, 2, 2,
                LATENESS, LATENESS, LOWER, UPPER, inner, new int[] {0, 1, 2, 3}, aggregator(), new int[0]);
        KeyColumns key = new KeyColumns(new int[] {0, 1});
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(f), key, key,
                KeyColumns.type(READINGS, List.of("device", "site")));
        h.setup(new RowSchemaOut().type().createSerializer(new SerializerConfigImpl()));
        h.open();
        return h;
    }

    /** The output layout: reading columns then the four aggregates. */
    static final class RowSchemaOut {
        org.apache.flink.api.java.typeutils.RowTypeInfo type() {
            return READINGS.append(aggregator().outputFields()).rowTypeInfo();
        }
    }

    static Row reading(Integer device, String site, Instant ts, long v) {
        return Row.of(device, site, ts, v);
    }

    static Row alarm(Integer device, String site, Instant at, int severity) {
        return Row.of(device, site, at, severity);
    }

    static void left(KeyedTwoInputStreamOperatorTestHarness<Row, Row, Row, Row> h, Row r) throws Exception {
        h.processElement1(new StreamRecord<>(r, ((Instant) r.getField(2)).toEpochMilli()));
    }

    static void right(KeyedTwoInputStreamOperatorTestHarness<Row, Row, Row, Row> h, Row r) throws Exception {
        h.processElement2(new StreamRecord<>(r, ((Instant) r.getField(2)).toEpochMilli()));
    }

    static void watermark(KeyedTwoInputStreamOperatorTestHarness<Row, Row, Row, Row> h, long t) throws Exception {
        h.processWatermark1(new Watermark(t));
        h.processWatermark2(new Watermark(t));
    }

    @Test
    void boundsAreInclusiveAtBothEndsAndTheWholeKeyMustMatch() throws Exception {
        var h = harness(false);
        left(h, reading(7, "north", T, 1));
        right(h, alarm(7, "north", T.plusMillis(LOWER - 1), 9));       // just before the interval
        right(h, alarm(7, "north", T.plusMillis(LOWER), 1));           // lower edge
        right(h, alarm(7, "north", T.plusMillis(UPPER), 3));           // upper edge
        right(h, alarm(7, "north", T.plusMillis(UPPER + 1), 9));       // just after
        right(h, alarm(7, "south", T, 9));                             // other site: other key
        right(h, alarm(8, "north", T, 9));                             // other device: other key

        watermark(h, CLOSE - 1);
        assertThat(h.extractOutputValues()).isEmpty();
        watermark(h, CLOSE);
        assertThat(h.extractOutputValues()).containsExactly(
                Row.of(7, "north", T, 1L, 2L, 3, true, T.plusMillis(LOWER)));
        // Every left record emitted, every right record past its expiry: no state left.
        watermark(h, Long.MAX_VALUE - 1);
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    @Test
    void nullKeysMatchNothingAndLeftJoinKeepsUnmatchedRecordsInnerDoesNot() throws Exception {
        var left = harness(false);
        var inner = harness(true);
        for (var h : List.of(left, inner)) {
            left(h, reading(null, "north", T, 1));
            right(h, alarm(null, "north", T, 5));
            left(h, reading(9, "east", T, 2));
            watermark(h, CLOSE);
        }
        assertThat(left.extractOutputValues()).containsExactlyInAnyOrder(
                Row.of(null, "north", T, 1L, 0L, null, false, null), Row.of(9, "east", T, 2L, 0L, null, false, null));
        assertThat(inner.extractOutputValues()).isEmpty();
    }

    @Test
    void lateRecordsOfEitherSideGoToTheirLateOutputWithAJsonPayload() throws Exception {
        var h = harness(false);
        watermark(h, T.toEpochMilli() + LATENESS);
        left(h, reading(1, "n", T, 1));                          // ts <= wm - lateness: too late
        right(h, alarm(1, "n", T, 2));
        left(h, reading(1, "n", T.plusMillis(1), 3));            // within lateness: joined
        var lateLeft = h.getSideOutput(LateRecords.tag("m", "readings"));
        var lateRight = h.getSideOutput(LateRecords.tag("m", "alarms"));
        assertThat(lateLeft).singleElement().satisfies(r -> {
            assertThat(r.getValue().getField(1)).isEqualTo("readings");
            assertThat(r.getValue().getField(5)).isEqualTo("1|n");
            assertThat(r.getValue().getField(6)).isEqualTo("{\"device\":1,\"site\":\"n\",\"ts\":\"" + T + "\",\"value\":1}");
        });
        assertThat(lateRight).hasSize(1);
        watermark(h, T.toEpochMilli() + 1 + UPPER + LATENESS);
        assertThat(h.extractOutputValues()).singleElement().satisfies(r -> assertThat(r.getField(3)).isEqualTo(3L));
    }

    @Test
    void aSnapshotTakenMidIntervalRestoresPendingRecordsAndMatches() throws Exception {
        var h = harness(false);
        left(h, reading(3, "w", T, 1));
        right(h, alarm(3, "w", T.plusSeconds(10), 2));
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        h.close();

        var restored = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new IntervalJoinFunction(new LateRecords.Renderer("m", "readings", READINGS),
                        new LateRecords.Renderer("m", "alarms", ALARMS), READINGS, ALARMS, 2, 2,
                        LATENESS, LATENESS, LOWER, UPPER, false, new int[] {0, 1, 2, 3}, aggregator(), new int[0])),
                new KeyColumns(new int[] {0, 1}), new KeyColumns(new int[] {0, 1}), KeyColumns.type(READINGS, List.of("device", "site")));
        restored.setup(new RowSchemaOut().type().createSerializer(new SerializerConfigImpl()));
        restored.initializeState(snapshot);
        restored.open();
        right(restored, alarm(3, "w", T.plusSeconds(20), 4));
        watermark(restored, CLOSE);
        assertThat(restored.extractOutputValues()).containsExactly(
                Row.of(3, "w", T, 1L, 2L, 4, true, T.plusSeconds(10)));
    }

    @Test
    void anIdleRightInputDoesNotHoldResultsBackAndARecordAfterItsIdlenessBehindTheWatermarkIsLate() throws Exception {
        var h = harness(false);
        left(h, reading(7, "north", T, 1));
        right(h, alarm(7, "north", T.plusSeconds(30), 2));
        h.processWatermarkStatus2(WatermarkStatus.IDLE);        // the alarms source went quiet: no watermark from it
        h.processWatermark1(new Watermark(CLOSE));
        assertThat(h.extractOutputValues()).containsExactly(Row.of(7, "north", T, 1L, 1L, 2, false, T.plusSeconds(30)));

        // It resumes with a record the combined watermark (the left one while it idled) already passed: routed late,
        // not joined into a result that was already emitted.
        h.processWatermarkStatus2(WatermarkStatus.ACTIVE);
        right(h, alarm(7, "north", T, 4));
        assertThat(h.getSideOutput(LateRecords.tag("m", "alarms"))).singleElement()
                .satisfies(r -> assertThat((String) r.getValue().getField(2)).startsWith("behind-watermark"));
        h.processWatermark1(new Watermark(Long.MAX_VALUE - 1));
        h.processWatermark2(new Watermark(Long.MAX_VALUE - 1));
        assertThat(h.extractOutputValues()).hasSize(1);
    }
}
