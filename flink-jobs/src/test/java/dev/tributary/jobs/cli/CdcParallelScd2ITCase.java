package dev.tributary.jobs.cli;

import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.jobs.cdc.CdcChangeScript;
import dev.tributary.jobs.cdc.CdcTestData;
import dev.tributary.jobs.compose.PipelineComposer;
import dev.tributary.jobs.compose.ResolvedPipeline;
import dev.tributary.jobs.lake.LakeFiles;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.testing.PostgresTestServer;
import dev.tributary.testing.Waiting;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SCD2 fed by CDC at parallelism 1, 2 and 4 with several snapshot splits (split size 10, 60 rows): the
 * history equals the one computed in plain Java from the server's commit times, and nothing lands in
 * {@code silver/_late}. Two defects are covered: a source subtask whose snapshot chunks were done and
 * that did not read the stream held its watermark at -1001 forever (SCD2 wrote nothing at p2); and, at
 * p4, the first stream changes went to {@code _late} when the stream reader came back from idleness and
 * its watermark overtook its own records on another path (see {@code SubtaskWatermarkReactivationITCase}).
 */
class CdcParallelScd2ITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    @RegisterExtension static final PostgresTestServer POSTGRES = new PostgresTestServer();

    @TempDir Path tmp;

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 4})
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void scd2AtParallelismWithSeveralSnapshotSplitsEqualsTheIndependentHistory(int parallelism) throws Exception {
        String table = "cust_p" + parallelism;
        String slot = "par_slot_" + parallelism;
        CdcChangeScript script = new CdcChangeScript(POSTGRES, table, 40 + parallelism).snapshot(60);
        Path yaml = CdcPipelines.write(POSTGRES, tmp, table, slot, parallelism, "");
        ResolvedPipeline pipeline = CdcPipelines.load(yaml, POSTGRES);
        LakeLayout lake = pipeline.def().lake().layout();
        RecordSchema landed = BronzeSchemas.landed(pipeline.def().source("customers").orElseThrow().dataset().schema());

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new PipelineComposer(pipeline, CdcTestData.PII_KEY, "par-").compose(env);
        JobClient job = env.executeAsync("cdc-p" + parallelism);
        try {
            CdcTestData.awaitBronzeRows(lake, pipeline.def().source("customers").orElseThrow().dataset(), 61, job);
            script.changes(30);
            List<String> expected = script.expectedHistory();
            try {
                Waiting.waitUntil(() -> {
                    CdcTestData.failIfJobEnded(job);
                    try {
                        script.touchSentinel();
                        return CdcRunResumeITCase.history(lake, pipeline).size() >= expected.size();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, Duration.ofSeconds(120), "the SCD2 history of every change at parallelism " + parallelism);
            } catch (AssertionError notComplete) {
                // Fall through: the exact comparison below shows what is missing.
            }

            assertThat(CdcRunResumeITCase.history(lake, pipeline))
                    .as("late changes: %s", LakeFiles.committedFiles(lake.silverLate("customers")))
                    .containsExactlyElementsOf(expected);
            assertThat(LakeFiles.committedFiles(lake.silverLate("customers"))).as("silver/_late/customers").isEmpty();
            assertThat(CdcChangeScript.bronzeStrings(LakeFiles.readAll(lake.bronze("customers"), landed), landed))
                    .containsExactlyElementsOf(script.expectedBronze());
        } finally {
            CdcTestData.stop(job, POSTGRES, slot);
        }
        assertThat(Files.exists(tmp.resolve("lake"))).isTrue();
    }
}
