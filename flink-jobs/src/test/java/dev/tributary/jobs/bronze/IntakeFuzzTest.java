package dev.tributary.jobs.bronze;

import dev.tributary.transforms.api.PiiKey;
import dev.tributary.transforms.builtin.PiiMasker;

import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The intake's decode + scrub path in-process, over many seeded mutated records (issue 12 acceptance, the
 * fast half; {@link IntakeFuzzITCase} runs the real job). Per record: no exception escapes, the fate is right
 * when it is certain, reasons are content-free, and no planted PII value survives in a scrubbed payload or a
 * protected row. {@code -Dtributary.fuzz.records=N} and {@code -Dtributary.fuzz.seed=S} scale it up.
 */
class IntakeFuzzTest {
    static final Pattern REASON = Pattern.compile(
            "(parse-error|trailing-content|duplicate-key|missing-field|wrong-type|out-of-range|invalid-utf8|record-too-large): .+");

    @Test
    void noMutatedRecordCrashesTheIntakeOrLeaksPii() {
        long seed = Long.getLong("tributary.fuzz.seed", 20261202L);
        int n = Integer.getInteger("tributary.fuzz.records", 4_000);
        IntakeFuzzer fuzzer = new IntakeFuzzer(seed);
        List<IntakeFuzzer.Line> lines = fuzzer.lines(n);
        BronzeDecoder decoder = BronzeSources.decoder(IntakeFuzzer.DATASET);
        PiiMasker masker = new PiiMasker(IntakeFuzzer.DATASET.schema(), IntakeFuzzer.DATASET.pii(), new PiiKey("f1", "fuzz-secret-0123456789abc"));
        int errorPos = BronzeDecoder.errorPosition(IntakeFuzzer.DATASET.schema());
        int rawPos = BronzeDecoder.rawPosition(IntakeFuzzer.DATASET.schema());
        int landed = 0;
        int quarantined = 0;
        List<String> out = new ArrayList<>();

        for (int i = 0; i < lines.size(); i++) {
            IntakeFuzzer.Line line = lines.get(i);
            Row row = decoder.decode(line.bytes, 0, line.bytes.length, "file:fuzz", null, (long) i + 1, "fuzz.jsonl");
            String error = (String) row.getField(errorPos);
            String what = "line " + (i + 1) + " (" + line.mutation + ")";
            if (error == null) {
                assertThat(line.fate).as(what).isNotEqualTo(IntakeFuzzer.Fate.QUARANTINE);
                row.setField(rawPos, null);
                masker.apply(row);
                for (int f = 0; f < row.getArity(); f++) {
                    if (row.getField(f) instanceof String) {
                        out.add((String) row.getField(f));
                    }
                }
                landed++;
            } else {
                assertThat(line.fate).as(what + ": " + error).isNotEqualTo(IntakeFuzzer.Fate.LAND);
                assertThat(error).as(what).matches(REASON).doesNotContain("@");
                out.add(error);
                out.add(BronzeIntakeFunction.scrubbed(masker, row.getField(rawPos)));
                quarantined++;
            }
        }

        assertThat(landed).isGreaterThan(n / 3);
        assertThat(quarantined).isGreaterThan(n / 3);
        FuzzAssertions.assertNoPlantedValue(fuzzer.planted, out);
    }
}
