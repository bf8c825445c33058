package dev.tributary.jobs.bronze;

import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.reference.ReferenceSchemas;
import dev.tributary.transforms.api.PiiPolicy;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, one MiniCluster test per family of defect, in STREAMING and BATCH: records that used to stop
 * the pipeline, vanish, leak PII or be silently reinterpreted now land correctly or are quarantined with a
 * content-free reason, and the accounting balances with {@code in} counted as the parser sees records.
 */
class BronzeHostileInputITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final DatasetDef ORDERS = DatasetDef.builder(ReferenceSchemas.ORDERS_SCHEMA)
            .eventTime("order_ts", Duration.ofSeconds(5))
            .dedupe(List.of("order_id"), Duration.ofHours(1))
            .pii(PiiPolicy.builder().hash("email").mask("phone", 4).redact("shipping_address").build())
            .build();

    @TempDir Path tmp;

    static String order(String id, String extra) {
        return "{\"order_id\":\"" + id + "\",\"customer_id\":\"c-1\",\"order_ts\":\"2026-01-05T10:00:00Z\",\"amount\":12.5,"
                + "\"currency\":\"EUR\"" + extra + "}";
    }

    /** Defect 1: a malformed record with a ~2,000-character PII value overflowed the scrubber's regex. */
    @ParameterizedTest
    @EnumSource(RuntimeExecutionMode.class)
    void aRecordThatUsedToStopThePipelineIsQuarantinedAndTheRestLands(RuntimeExecutionMode mode) throws Exception {
        if (mode == RuntimeExecutionMode.AUTOMATIC) {
            return;
        }
        String longEmail = "a".repeat(2_000) + "@example.com";
        String lines = String.join("\n",
                order("o-1", ",\"email\":\"ada@example.com\""),
                "{\"order_id\":\"o-2\",\"email\":\"" + longEmail + "\",\"amount\":", // malformed, huge PII value
                "{\"order_id\":\"o-3\",\"email\":\"" + longEmail + "\"," + "[".repeat(50_000), // and a depth bomb
                order("o-4", ",\"phone\":\"+44 7700 900123\""));

        HostileIntakeRun run = HostileIntakeRun.run(tmp, mode, ORDERS, lines.getBytes(StandardCharsets.UTF_8), null);

        run.assertBalanced(4);
        assertThat(run.landed).extracting(r -> r.get("order_id")).containsExactlyInAnyOrder("o-1", "o-4");
        assertThat(run.reasonsByOffset()).hasSize(2).allSatisfy(r -> assertThat(r).startsWith("parse-error: "));
        assertThat(run.lakeStrings).noneMatch(s -> s.contains("@example.com") || s.contains("aaaaaaaaaa")
                || s.contains("7700 900123"));
    }
}
