package dev.tributary.jobs.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code demo} runs {@code examples/ecommerce/pipeline.yaml} (from the jar) through the composer. */
class DemoCommandITCase {

    @Test
    void demoRunsTheReferencePipelineFileWithProgressAndSummary(@TempDir Path tmp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = TributaryCli.run(new String[] {"demo", "--events", "3000", "--lake", tmp.resolve("lake").toString(),
                        "--checkpoint-interval", "500"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as("%s%n%s", text, err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(text).contains("Tributary demo:", "Bronze", "orders", "payments", "accounting balanced",
                "amount_positive.checked");
    }
}
