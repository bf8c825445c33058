package dev.tributary.jobs.cli;

import dev.tributary.jobs.definition.PipelineDefinitionTestData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 item 7: command-line flags are checked like the YAML (same "found X; expected Y" messages, the
 * same lake-root rules), through the CLI entry point, and every usage error exits 2 before anything starts
 * (1 is reserved for "the job failed").
 */
class CliArgumentsTest {

    private static final String VALID = PipelineDefinitionTestData.DEFINITIONS.resolve("valid-full.yaml").toString();
    private static final Map<String, String> ENV = Map.of("TRIBUTARY_PII_KEY", "cli-arguments-test-secret-0123");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int cli(Map<String, String> env, String... args) {
        return TributaryCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "40000"})
    void runRefusesAParallelismOutOfRangeLikeTheYaml(String p) {
        assertThat(cli(ENV, "run", "--pipeline", VALID, "--parallelism", p)).isEqualTo(TributaryCli.USAGE);
        assertThat(err()).contains("--parallelism: found " + p + "; expected a whole number from 1 to 32768")
                .doesNotContain("\tat ", "Exception", "the job failed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3://bucket/lake", "s3n://bucket/lake", "gs://bucket/lake"})
    void runRefusesALakeSchemeTheYamlRefuses(String lake) {
        assertThat(cli(ENV, "run", "--pipeline", VALID, "--lake", lake)).isEqualTo(TributaryCli.USAGE);
        assertThat(err()).contains("--lake: found '" + lake + "'; expected a local path, file:///path or s3a://bucket/prefix")
                .doesNotContain("the job failed");
        if (lake.startsWith("s3")) {
            assertThat(err()).contains("(use s3a://");
        }
    }

    /** Without silver or gold, so loading it does not start Flink's SQL planner. */
    private static String bronzeOnly(Path dir) throws java.io.IOException {
        Path p = dir.resolve("bronze-only.yaml");
        java.nio.file.Files.writeString(p, String.join("\n", "pipeline: {name: bronze-only}", "lake: {root: target/lake}",
                "sources:", "  orders:", "    kind: generator",
                "    schema: {order_id: STRING NOT NULL, order_ts: TIMESTAMP NOT NULL}",
                "    event-time: {column: order_ts}", "    bronze: {dedupe: {key: [order_id]}}", ""));
        return p.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"                ", "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t", "aaaaaaaaaaaaaaaaaaaa", "abababababababababab"})
    void runRefusesAWhitespaceOrLowEntropyPiiKeyWithWhatIsExpected(String secret, @org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        int code = cli(Map.of("TRIBUTARY_PII_KEY", secret), "run", "--pipeline", bronzeOnly(dir));

        assertThat(code).isEqualTo(TributaryCli.USAGE);
        assertThat(err()).contains("TRIBUTARY_PII_KEY", "expected", "different characters").doesNotContain(secret.trim().isEmpty() ? "\u0000" : secret);
    }

    @Test
    void aUtf16OrBinaryDefinitionIsADefinitionErrorNamingWhatWasExpected() {
        Path broken = PipelineDefinitionTestData.DEFINITIONS.resolve("broken");
        assertThat(cli(ENV, "validate", "--pipeline", broken.resolve("42-utf16.yaml").toString())).isEqualTo(TributaryCli.USAGE);
        assertThat(cli(ENV, "validate", "--pipeline", broken.resolve("44-binary.yaml").toString())).isEqualTo(TributaryCli.USAGE);
        assertThat(err()).contains("42-utf16.yaml:1:1: found a UTF-16 (little-endian) file; expected UTF-8 YAML text",
                "44-binary.yaml:3:1: found a NUL byte").doesNotContain("MalformedInputException", "Input length");
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "explain", "run", "lake", "savepoint", "stop", "cdc", "maintain"})
    void commandHelpPrintsThatCommandsUsageAndStartsNothing(String command) {
        int code = cli(ENV, command, "--pipeline", "no/such.yaml", "--help");

        assertThat(code).isEqualTo(TributaryCli.OK);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).startsWith("usage: tributary " + command + " ").contains("--pipeline");
        assertThat(printed.lines().filter(l -> l.startsWith("  ") && !l.startsWith("   ")).count())
                .as("only this command's usage").isZero();
        assertThat(err()).isEmpty();
    }

    @Test
    void topLevelHelpListsEveryCommandAndSaysHowToAskForOne() {
        assertThat(cli(ENV, "--help")).isEqualTo(TributaryCli.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("tributary <command> --help")
                .contains("  validate --pipeline", "  run --pipeline", "  cdc drop-slot", "  maintain --pipeline");
    }
}
