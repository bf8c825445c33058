package dev.tributary.jobs.cli;

import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.jobs.cdc.CdcChangeScript;
import dev.tributary.jobs.cdc.CdcSchemas;
import dev.tributary.jobs.compose.ResolvedPipeline;
import dev.tributary.jobs.lake.LakeFiles;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.silver.scd2.Scd2Schemas;
import dev.tributary.testing.PostgresTestServer;
import dev.tributary.testing.Waiting;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ALTER TABLE ... ADD COLUMN} while {@code tributary run --local} captures the table: the job
 * stops at the first change with the new layout (no restart loop), the CLI exits 1 with the message on
 * stderr; the documented remedy (declare the column, run the same command) resumes from the retained
 * checkpoint and lands that change and everything after it exactly once.
 */
class CdcSchemaChangeITCase {

    @RegisterExtension static final PostgresTestServer POSTGRES = new PostgresTestServer();

    @TempDir Path tmp;

    @Test
    @Timeout(value = 360, unit = TimeUnit.SECONDS)
    void anAddedColumnStopsTheRunAndTheDocumentedRemedyLandsEverythingOnce() throws Exception {
        CdcChangeScript script = new CdcChangeScript(POSTGRES, "cust_alter", 7).snapshot(10);
        Path yaml = CdcPipelines.write(POSTGRES, tmp, "cust_alter", "alter_slot", 1, "", true);
        LakeLayout lake = CdcPipelines.load(yaml, POSTGRES).def().lake().layout();
        RecordSchema before = landed(CdcPipelines.load(yaml, POSTGRES));
        String[] cmd = {"run", "--local", "--pipeline", yaml.toString()};

        try (CliProcess first = CliProcess.start(tmp, "first", CdcPipelines.env(POSTGRES), cmd)) {
            CdcRunResumeITCase.awaitBronze(lake, before, 11, first);
            script.changes(10);
            CdcRunResumeITCase.awaitBronze(lake, before, 21, first);
            POSTGRES.execute("ALTER TABLE cust_alter ADD COLUMN loyalty_tier TEXT");
            String tiered = script.updateColumn("loyalty_tier", "gold");
            script.changes(5);

            assertThat(first.awaitExit(Duration.ofSeconds(90))).as(first.stderr()).isEqualTo(TributaryCli.JOB_FAILED);
            assertThat(first.stderr())
                    .contains("tributary run: the job failed: UnsupportedSchemaChangeException: Schema change in captured"
                            + " table 'public.cust_alter'")
                    .contains("new column(s) [loyalty_tier]")
                    .contains("run the same command to resume");
            // One failure, no restart loop: the message is printed once.
            assertThat(first.stderr().split("new column\\(s\\) \\[loyalty_tier\\]", -1)).hasSize(2);

            // The remedy: declare the column (optional), run the same command.
            CdcPipelines.write(POSTGRES, tmp, "cust_alter", "alter_slot", 1, "      loyalty_tier: STRING", true);
            RecordSchema after = landed(CdcPipelines.load(yaml, POSTGRES));
            try (CliProcess second = CliProcess.start(tmp, "second", CdcPipelines.env(POSTGRES), cmd)) {
                script.changes(5);
                List<String> expected = script.expectedBronze();
                List<String> expectedHistory = script.expectedHistory();
                ResolvedPipeline declared = CdcPipelines.load(yaml, POSTGRES);
                try {
                    Waiting.waitUntil(() -> {
                        second.failIfExited();
                        try {
                            script.touchSentinel(); // moves event time past the last change, so SCD2 applies it
                            return CdcChangeScript.bronzeStrings(LakeFiles.readAll(lake.bronze("customers"), after), after).size()
                                    >= expected.size() && CdcPipelines.history(lake, declared).size() >= expectedHistory.size();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }, Duration.ofSeconds(120), "every change after the ALTER in bronze and in the SCD2 history");
                } catch (AssertionError notYet) {
                    // Fall through: the exact comparison below shows what is missing, with the run's output.
                }

                assertThat(second.stderr()).contains("resuming from the last completed checkpoint");
                List<Row> rows = LakeFiles.readAll(lake.bronze("customers"), after);
                assertThat(CdcChangeScript.bronzeStrings(rows, after)).as("second run:%n%s%n%s", second.stdout(), tail(second.stderr()))
                        .containsExactlyElementsOf(expected);
                int id = after.indexOf("customer_id");
                int tier = after.indexOf("loyalty_tier");
                int op = after.indexOf(CdcSchemas.OP);
                // The change that carried the new layout landed with its value (later changes of that key keep it).
                assertThat(rows.stream().filter(r -> "gold".equals(r.getField(tier))).collect(Collectors.toList()))
                        .isNotEmpty().allSatisfy(r -> {
                            assertThat(r.getField(id)).isEqualTo(tiered);
                            assertThat(r.getField(op)).isIn("u", "d");
                        });
                // SCD2 restored its state (written before the column was declared) and went on: the history equals
                // the one computed from the changes the test made, and the open version carries the new column.
                assertThat(CdcPipelines.history(lake, declared)).containsExactlyElementsOf(expectedHistory);
                RecordSchema history = Scd2Schemas.history(declared.def().source("customers").orElseThrow().dataset().schema(),
                        "customers_history");
                assertThat(LakeFiles.readAll(lake.silver("customers_history_open"), history).stream()
                        .filter(r -> tiered.equals(r.getField(history.indexOf("customer_id"))))
                        .map(r -> r.getField(history.indexOf("loyalty_tier")))).contains("gold");
                second.terminate();
                assertThat(second.awaitExit(Duration.ofSeconds(60))).as(second.stderr()).isZero();
            }
        }
        POSTGRES.dropReplicationSlot("alter_slot");
    }

    private static String tail(String s) {
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }

    private static RecordSchema landed(ResolvedPipeline p) {
        return BronzeSchemas.landed(p.def().source("customers").orElseThrow().dataset().schema());
    }
}
