package dev.tributary.jobs.bronze;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 acceptance: seeded mutated records (see {@link IntakeFuzzer}) through the real bronze intake on a
 * MiniCluster in STREAMING and BATCH. Every run: the job finishes; {@code in} equals the non-blank lines and
 * {@code in = landed + quarantined + duplicates + dropped}; no landed or quarantined Parquet value holds a
 * planted e-mail, phone or card number in clear; every line certain to be bad is quarantined with a reason,
 * every pristine one lands. CI runs a lean slice; {@code -Dtributary.fuzz.it.records=N} runs a large one.
 */
class IntakeFuzzITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir Path tmp;

    @ParameterizedTest
    @EnumSource(value = RuntimeExecutionMode.class, names = {"STREAMING", "BATCH"})
    void mutatedRecordsAreAllAccountedForAndLeakNoPii(RuntimeExecutionMode mode) throws Exception {
        long seed = Long.getLong("tributary.fuzz.seed", 7L) + mode.ordinal();
        int n = Integer.getInteger("tributary.fuzz.it.records", 400);
        IntakeFuzzer fuzzer = new IntakeFuzzer(seed);
        List<IntakeFuzzer.Line> lines = fuzzer.lines(n);
        boolean bom = seed % 2 == 1;

        HostileIntakeRun run = HostileIntakeRun.run(tmp, mode, IntakeFuzzer.DATASET, IntakeFuzzer.file(lines, bom), null);

        Set<Long> mustLand = new HashSet<>();
        Set<Long> mustQuarantine = new HashSet<>();
        long records = 0;
        for (int i = 0; i < lines.size(); i++) {
            IntakeFuzzer.Line l = lines.get(i);
            if (isBlank(l.bytes)) {
                continue;
            }
            records++;
            if (l.fate == IntakeFuzzer.Fate.LAND) {
                mustLand.add(i + 1L);
            } else if (l.fate == IntakeFuzzer.Fate.QUARANTINE) {
                mustQuarantine.add(i + 1L);
            }
        }
        run.assertBalanced(records);
        Set<Long> landedLines = new HashSet<>();
        for (Map<String, Object> r : run.landed) {
            landedLines.add((Long) r.get("_source_offset"));
        }
        Set<Long> quarantinedLines = new HashSet<>();
        for (Map<String, Object> r : run.quarantined) {
            quarantinedLines.add((Long) r.get("source_offset"));
            assertThat((String) r.get("reason")).matches(IntakeFuzzTest.REASON).doesNotContain("@");
        }
        assertThat(landedLines).containsAll(mustLand);
        assertThat(quarantinedLines).containsAll(mustQuarantine);
        assertThat(run.counter("duplicates") + run.summary.ruleDrops("fuzz")).isLessThanOrEqualTo(records - mustLand.size());
        List<String> strings = new ArrayList<>(run.lakeStrings);
        FuzzAssertions.assertNoPlantedValue(fuzzer.planted, strings);
    }

    private static boolean isBlank(byte[] b) {
        for (byte c : b) {
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }
}
