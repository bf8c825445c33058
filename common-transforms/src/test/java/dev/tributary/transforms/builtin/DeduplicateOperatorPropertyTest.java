package dev.tributary.transforms.builtin;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.tributary.transforms.builtin.DeduplicateOperatorTest.RETENTION;
import static dev.tributary.transforms.builtin.DeduplicateOperatorTest.harness;
import static dev.tributary.transforms.builtin.DeduplicateOperatorTest.values;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random streams (few keys so duplicates are frequent, out-of-order and late timestamps, watermark jumps,
 * snapshot + restore at random points): the operator emits exactly what an independent model of the semantics
 * emits, exactly what the first implementation (DeduplicateFunction) emits, counts every dropped record, and
 * its state returns to zero once the watermark passes the last retention horizon.
 */
class DeduplicateOperatorPropertyTest {

    @ParameterizedTest
    @ValueSource(longs = {1L, 7L, 42L, 1234L, 99991L})
    void matchesTheModelAndTheFirstImplementationAcrossRestores(long seed) throws Exception {
        List<Object[]> script = script(new Random(seed));
        List<String> model = model(script);

        List<String> emitted = new ArrayList<>();
        long duplicates = 0;
        OperatorSubtaskState state = null;
        KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = harness();
        h.open();
        long watermark = Long.MIN_VALUE;
        for (Object[] step : script) {
            if (step[0] == Step.RESTORE) {
                state = h.snapshot(1L, 1L);
                emitted.addAll(values(h));
                h.close();
                h = harness();
                h.initializeState(state);
                h.open();
                // A restored job starts at watermark MIN; its sources re-establish the watermark before new records.
                h.processWatermark(watermark);
            } else {
                apply(h, step);
                watermark = step[0] == Step.WATERMARK ? (Long) step[1] : watermark;
            }
        }
        emitted.addAll(values(h));
        duplicates = DeduplicateOperatorTest.duplicates(h);
        h.processWatermark(Long.MAX_VALUE);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();

        assertThat(emitted).as("seed %d", seed).isEqualTo(model);
        long records = script.stream().filter(s -> s[0] == Step.RECORD).count();
        assertThat(duplicates).isEqualTo(records - model.size());

        @SuppressWarnings("deprecation")
        DeduplicateFunction first = new DeduplicateFunction(1, RETENTION, java.time.Duration.ofHours(1), "first");
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> old = harness(new KeyedProcessOperator<>(first))) {
            old.open();
            for (Object[] step : script) {
                if (step[0] != Step.RESTORE) {
                    apply(old, step);
                }
            }
            assertThat(values(old)).isEqualTo(model);
        }
    }

    enum Step { RECORD, WATERMARK, RESTORE }

    private static List<Object[]> script(Random r) {
        List<Object[]> s = new ArrayList<>();
        long wm = 0;
        long t = 0;
        for (int i = 0; i < 2_000; i++) {
            int p = r.nextInt(100);
            if (p < 80) {
                t += r.nextInt(20);
                // Out of order (up to 150 ms before the stream's time) and, sometimes, behind the watermark.
                long ts = Math.max(0, t - r.nextInt(150));
                s.add(new Object[] {Step.RECORD, "k" + r.nextInt(25), ts});
            } else if (p < 97) {
                wm = Math.max(wm, t - r.nextInt(60));
                s.add(new Object[] {Step.WATERMARK, wm});
            } else {
                s.add(new Object[] {Step.RESTORE});
            }
        }
        return s;
    }

    private static void apply(KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h, Object[] step) throws Exception {
        if (step[0] == Step.RECORD) {
            long ts = (Long) step[2];
            h.processElement(new StreamRecord<>(Row.of(step[1], ts), ts));
        } else {
            h.processWatermark((Long) step[1]);
        }
    }

    /** First record per key is kept; it guards the key until the watermark reaches max(ts, watermark) + retention. */
    private static List<String> model(List<Object[]> script) {
        Map<String, Long> guardedUntil = new HashMap<>();
        List<String> out = new ArrayList<>();
        long wm = Long.MIN_VALUE;
        for (Object[] step : script) {
            if (step[0] == Step.WATERMARK) {
                long w = (Long) step[1];
                wm = Math.max(wm, w);
                long current = wm;
                guardedUntil.values().removeIf(until -> until <= current);
            } else if (step[0] == Step.RECORD) {
                String key = (String) step[1];
                long ts = (Long) step[2];
                if (!guardedUntil.containsKey(key)) {
                    guardedUntil.put(key, Math.max(ts, wm) + RETENTION.toMillis());
                    out.add(key + "@" + ts);
                }
            }
        }
        return out;
    }
}
