package dev.tributary.demo.cli;

import dev.tributary.jobs.cli.TributaryCli;
import dev.tributary.jobs.cli.CliArgs;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Usage errors of {@code kafka-bronze} are reported before anything is built or submitted. */
class KafkaBronzeCommandTest {

    private static final Map<String, String> ENV = Map.of("TRIBUTARY_PII_KEY", "unit-test-secret-0123456789");

    @Test
    void requiresBootstrapServersAndLake() {
        assertThatThrownBy(() -> run(ENV, "--lake", "file:///tmp/lake"))
                .isInstanceOf(CliArgs.UsageException.class).hasMessage("--bootstrap-servers is required");
        assertThatThrownBy(() -> run(ENV, "--bootstrap-servers", "127.0.0.1:9092"))
                .isInstanceOf(CliArgs.UsageException.class).hasMessage("--lake is required");
    }

    @Test
    void namesTheMissingPiiKeyVariable() {
        assertThatThrownBy(() -> run(Map.of(), "--bootstrap-servers", "k:9092", "--lake", "file:///tmp/lake",
                        "--pii-key-env", "MY_PII_KEY"))
                .isInstanceOf(CliArgs.UsageException.class)
                .hasMessageContaining("set the environment variable MY_PII_KEY")
                .hasMessageContaining("JobManager");
    }

    @Test
    void rejectsACheckpointIntervalTooShortToCommit() {
        assertThatThrownBy(() -> run(ENV, "--bootstrap-servers", "k:9092", "--lake", "file:///tmp/lake",
                        "--checkpoint-interval", "0"))
                .isInstanceOf(CliArgs.UsageException.class).hasMessageContaining("--checkpoint-interval");
    }

    @Test
    void cliListsTheCommandAndExitsWithUsageOnUnknownOptions() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TributaryCli.run(new String[] {"kafka-bronze", "--topic", "x"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(TributaryCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option '--topic'").contains("bootstrap-servers");
    }

    private static int run(Map<String, String> env, String... args) throws Exception {
        return new KafkaBronzeCommand(new PrintStream(new ByteArrayOutputStream()), env)
                .run(new CliArgs(List.of(args), KafkaBronzeCommand.OPTIONS, Set.of()));
    }
}
