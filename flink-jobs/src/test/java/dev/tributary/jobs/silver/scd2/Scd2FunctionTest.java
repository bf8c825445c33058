package dev.tributary.jobs.silver.scd2;

import dev.tributary.jobs.cdc.CdcTestData;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.types.Row;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** SCD2 per key in event time: order, closing, deletes, late changes, state back to zero, snapshot/restore. */
class Scd2FunctionTest {

    private static final DatasetDef DS = CdcTestData.CUSTOMERS;
    private static final RecordSchema HISTORY = Scd2Schemas.history(DS.schema(), "customers_history");
    private static final OutputTag<Row> OPENED = new OutputTag<>("opened", HISTORY.rowTypeInfo());
    private static final OutputTag<Row> LATE = new OutputTag<>("late", DS.schema().rowTypeInfo());
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void versionsFollowCommitOrderWhateverTheArrivalOrderAndDeleteClearsState() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = harness()) {
            h.open();
            // Arrival order shuffled within the watermark bound: u(t+2) before u(t+1).
            process(h, change("c-1", "gold", "u", 20, T0.plusSeconds(2)));
            process(h, change("c-1", "retail", "r", 0, Instant.EPOCH));
            process(h, change("c-1", "smb", "u", 10, T0.plusSeconds(1)));
            h.processWatermark(T0.plusSeconds(5).toEpochMilli());

            assertThat(describe(h.extractOutputValues())).containsExactly(
                    "retail [1970-01-01T00:00:00Z,2026-03-01T10:00:01Z) r",
                    "smb [2026-03-01T10:00:01Z,2026-03-01T10:00:02Z) u");
            assertThat(describe(h.getSideOutput(OPENED).stream().map(StreamRecord::getValue).collect(Collectors.toList())))
                    .containsExactly("retail [1970-01-01T00:00:00Z,null) r", "smb [2026-03-01T10:00:01Z,null) u",
                            "gold [2026-03-01T10:00:02Z,null) u");
            assertThat(h.numKeyedStateEntries()).isEqualTo(1); // the open version
            assertThat(h.numEventTimeTimers()).isZero();

            process(h, change("c-1", "gold", "d", 30, T0.plusSeconds(6)));
            h.processWatermark(T0.plusSeconds(7).toEpochMilli());

            List<Row> closed = h.extractOutputValues();
            assertThat(describe(closed.subList(2, 3))).containsExactly("gold [2026-03-01T10:00:02Z,2026-03-01T10:00:06Z) u");
            assertThat(closed.get(2).getField(HISTORY.indexOf(Scd2Schemas.IS_DELETED))).isEqualTo(true);
            assertThat(closed.get(0).getField(HISTORY.indexOf(Scd2Schemas.IS_DELETED))).isEqualTo(false);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void changesBehindTheWatermarkGoToLateAndPendingStateSurvivesRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = harness()) {
            h.open();
            process(h, change("c-1", "retail", "c", 10, T0));
            h.processWatermark(T0.toEpochMilli());
            process(h, change("c-1", "smb", "u", 20, T0.plusSeconds(1)));
            process(h, change("c-1", "old", "u", 5, T0.minusSeconds(1)));

            assertThat(h.getSideOutput(LATE)).hasSize(1);
            snapshot = h.snapshot(1L, 1L);
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processWatermark(T0.plusSeconds(1).toEpochMilli());

            assertThat(describe(restored.extractOutputValues()))
                    .containsExactly("retail [2026-03-01T10:00:00Z,2026-03-01T10:00:01Z) c");
            assertThat(restored.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void skipUnchangedOpensNoVersionForANoOpUpdateButKeepsRealOnes() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = harness(true)) {
            h.open();
            process(h, change("c-1", "retail", "c", 10, T0));
            process(h, change("c-1", "retail", "u", 20, T0.plusSeconds(1))); // UPDATE ... SET segment = segment
            process(h, change("c-1", "smb", "u", 30, T0.plusSeconds(2)));
            process(h, change("c-1", "smb", "u", 40, T0.plusSeconds(3)));
            h.processWatermark(T0.plusSeconds(5).toEpochMilli());

            assertThat(describe(h.extractOutputValues())).containsExactly(
                    "retail [2026-03-01T10:00:00Z,2026-03-01T10:00:02Z) c");
            assertThat(describe(h.getSideOutput(OPENED).stream().map(StreamRecord::getValue).collect(Collectors.toList())))
                    .containsExactly("retail [2026-03-01T10:00:00Z,null) c", "smb [2026-03-01T10:00:02Z,null) u");
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = harness(false)) {
            h.open();
            process(h, change("c-1", "retail", "c", 10, T0));
            process(h, change("c-1", "retail", "u", 20, T0.plusSeconds(1)));
            h.processWatermark(T0.plusSeconds(5).toEpochMilli());

            // The default keeps every change: the no-op update opens an identical version.
            assertThat(describe(h.extractOutputValues())).containsExactly(
                    "retail [2026-03-01T10:00:00Z,2026-03-01T10:00:01Z) c");
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Row, Row> harness() throws Exception {
        return harness(false);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Row, Row> harness(boolean skipUnchanged) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new Scd2Function(DS.schema(), HISTORY, OPENED, LATE, skipUnchanged)),
                r -> (String) r.getField(0), Types.STRING);
    }

    private static void process(KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h, Row r) throws Exception {
        h.processElement(r, ((Instant) r.getField(8)).toEpochMilli());
    }

    /** A declared-layout change row: customer_id, name, email, segment, country, updated_at, _op, _lsn, _commit_ts. */
    static Row change(String id, String segment, String op, long lsn, Instant commitTs) {
        return Row.of(id, "tok:n", "tok:e", segment, "FR", T0, op, lsn, commitTs);
    }

    private static List<String> describe(List<Row> versions) {
        return versions.stream().map(v -> v.getField(3) + " [" + v.getField(6) + "," + v.getField(7) + ") " + v.getField(10))
                .collect(Collectors.toList());
    }
}
