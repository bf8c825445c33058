package dev.tributary.jobs.cli;

import dev.tributary.jobs.definition.PipelineDefinitionTestData;
import dev.tributary.jobs.lake.LakeFiles;
import dev.tributary.jobs.lake.LakeLayout;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code validate}, {@code explain} and {@code run}: exit codes and messages a script can rely on. */
class PipelineCommandsTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Path VALID = PipelineDefinitionTestData.DEFINITIONS.resolve("valid-full.yaml");
    private static final Path BROKEN = PipelineDefinitionTestData.DEFINITIONS.resolve("broken/34-several-errors-at-once.yaml");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int cli(String... args) {
        return TributaryCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void validateExitsZeroForAValidDefinition() {
        assertThat(cli("validate", "--pipeline", VALID.toString())).isEqualTo(TributaryCli.OK);
        assertThat(out()).contains("valid: pipeline 'shop' (2 sources, 2 silver models, 1 gold marts)");
    }

    @Test
    void validateExitsTwoWithEveryLocatedErrorAndNoStackTrace() {
        assertThat(cli("validate", "--pipeline", BROKEN.toString())).isEqualTo(TributaryCli.USAGE);
        assertThat(err()).contains("4 errors in the pipeline definition", "34-several-errors-at-once.yaml:7:16: runtime.parallelism",
                "unknown transform 'upper-case'").doesNotContain("\tat ", "Exception");
        assertThat(out()).isEmpty();
    }

    @Test
    void missingFileAndMissingOptionAreUsageErrors() {
        assertThat(cli("validate", "--pipeline", "no/such/pipeline.yaml")).isEqualTo(TributaryCli.USAGE);
        assertThat(cli("explain")).isEqualTo(TributaryCli.USAGE);
        assertThat(cli("run", "--pipeline", VALID.toString(), "--bogus")).isEqualTo(TributaryCli.USAGE);
        assertThat(err()).contains("pipeline definition not found: no/such/pipeline.yaml", "--pipeline", "unknown option '--bogus'")
                .doesNotContain("\tat ");
    }

    @Test
    void explainReadsAFileUriAndPrintsThePlan() {
        assertThat(cli("explain", "--pipeline", PipelineDefinitionTestData.REFERENCE.toAbsolutePath().toUri().toString()))
                .isEqualTo(TributaryCli.OK);
        assertThat(out()).contains("pipeline ecommerce", "generator", "sync groups", "commerce", "email=hash",
                "phone=mask(keep 4)", "amount_positive (range, warn)", "transforms available", "normalise-strings");
    }

    @Test
    void runBuildsBronzeSilverAndGoldFromTheDefinition(@TempDir Path tmp) throws Exception {
        PipelineCommands commands = new PipelineCommands(new PrintStream(out, true, StandardCharsets.UTF_8),
                Map.of("TRIBUTARY_PII_KEY", "pipeline-commands-test-secret"));
        String lake = tmp.resolve("lake").toUri().toString();

        int code = commands.run(new CliArgs(List.of("--pipeline", VALID.toString(), "--lake", lake, "--parallelism", "2"),
                PipelineCommands.RUN_OPTIONS, PipelineCommands.RUN_FLAGS));

        assertThat(code).as(out()).isEqualTo(TributaryCli.OK);
        LakeLayout layout = new LakeLayout(lake);
        assertThat(LakeFiles.committedFiles(layout.bronze("orders"))).isNotEmpty();
        assertThat(LakeFiles.committedFiles(layout.silver("orders_clean"))).isNotEmpty();
        assertThat(LakeFiles.committedFiles(layout.silver("paid_orders"))).isNotEmpty();
        assertThat(LakeFiles.committedFiles(layout.gold("revenue_hourly"))).isNotEmpty();
        assertThat(out()).contains("Silver", "Gold", "orders_clean.out", "revenue_hourly.out", "accounting balanced");
        assertThat(Files.list(tmp.resolve("lake/gold/revenue_hourly")).map(p -> p.getFileName().toString()).filter(n -> n.startsWith("window_date=")))
                .isNotEmpty();
        assertThat(Set.of(TributaryCli.OK, TributaryCli.JOB_FAILED, TributaryCli.USAGE)).containsExactlyInAnyOrder(0, 1, 2);
    }
}
