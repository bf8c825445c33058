package dev.tributary.demo.cli;

import dev.tributary.jobs.cli.TributaryCli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's commands, plugged into the CLI, check their flags like the built-in ones (issue 12 item 7:
 * same "found X; expected Y" messages, the same lake-root rules, secrets masked, usage errors exit 2
 * before anything starts).
 */
class DemoCliArgumentsTest {

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

    @Test
    void demoAndKafkaBronzeAreCommandsOfTheCliAndInItsUsage() {
        assertThat(cli(ENV, "--help")).isEqualTo(TributaryCli.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("  demo [--events N]", "  kafka-bronze --bootstrap-servers");
    }

    @Test
    void demoAndKafkaBronzeRefuseABadParallelismToo() {
        assertThat(cli(ENV, "demo", "--parallelism", "0")).isEqualTo(TributaryCli.USAGE);
        assertThat(cli(ENV, "kafka-bronze", "--bootstrap-servers", "k:9092", "--lake", "file:///tmp/l", "--parallelism", "-1"))
                .isEqualTo(TributaryCli.USAGE);
        assertThat(cli(ENV, "demo", "--checkpoint-interval", "0")).isEqualTo(TributaryCli.USAGE);
        assertThat(err()).contains("tributary demo: --parallelism: found 0; expected a whole number from 1 to 32768",
                "tributary kafka-bronze: --parallelism: found -1; expected a whole number from 1 to 32768",
                "tributary demo: --checkpoint-interval: found 0;").doesNotContain("the job failed");
    }

    @Test
    void demoRefusesAnS3LakeWithTheSameMessage() {
        assertThat(cli(ENV, "demo", "--lake", "s3://bucket")).isEqualTo(TributaryCli.USAGE);
        assertThat(err()).contains("tributary demo: --lake: found 's3://bucket'", "(use s3a://");
    }

    @Test
    void demoAndKafkaBronzeRefuseAWeakPiiKeyWithExitTwo() {
        Map<String, String> weak = Map.of("TRIBUTARY_PII_KEY", "                ");
        assertThat(cli(weak, "demo")).isEqualTo(TributaryCli.USAGE);
        assertThat(cli(weak, "kafka-bronze", "--bootstrap-servers", "k:9092", "--lake", "file:///tmp/l"))
                .isEqualTo(TributaryCli.USAGE);
        assertThat(err()).contains("tributary demo: ", "tributary kafka-bronze: ").doesNotContain("the job failed", "unknown command");
    }

    @Test
    void malformedNumbersAndChoicesAreUsageErrorsInTheSameWords() {
        assertThat(cli(ENV, "demo", "--events", "lots")).isEqualTo(TributaryCli.USAGE);
        assertThat(err()).contains("--events: found 'lots'; expected a whole number from 100 to");
    }

    @Test
    void flagErrorsDoNotQuoteUserInfo() {
        cli(ENV, "demo", "--lake", "s3://AKIAPLANTEDKEY:planted-s3-secret@bucket");

        assertThat(err()).contains("s3://******@bucket", "use s3a://").doesNotContain("AKIAPLANTEDKEY", "planted-s3-secret");
    }
}
