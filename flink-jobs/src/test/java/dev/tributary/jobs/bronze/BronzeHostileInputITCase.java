package dev.tributary.jobs.bronze;

import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.demo.datagen.ReferenceSchemas;
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
    @EnumSource(value = RuntimeExecutionMode.class, names = {"STREAMING", "BATCH"})
    void aRecordThatUsedToStopThePipelineIsQuarantinedAndTheRestLands(RuntimeExecutionMode mode) throws Exception {
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

    /** Defect 2: a second value or trailing garbage on a line was dropped or ignored; now the line is quarantined. */
    @ParameterizedTest
    @EnumSource(value = RuntimeExecutionMode.class, names = {"STREAMING", "BATCH"})
    void nothingOnALineIsSilentlyDropped(RuntimeExecutionMode mode) throws Exception {
        String lines = String.join("\n",
                order("o-1", "") + order("o-2", ""),
                order("o-3", "") + " trailing-garbage",
                order("o-4", "") + "   ",
                "",
                order("o-5", ""));

        HostileIntakeRun run = HostileIntakeRun.run(tmp, mode, ORDERS, lines.getBytes(StandardCharsets.UTF_8), null);

        run.assertBalanced(4);
        assertThat(run.landed).extracting(r -> r.get("order_id")).containsExactlyInAnyOrder("o-4", "o-5");
        assertThat(run.reasonsByOffset()).containsExactly(
                "trailing-content: a second JSON value follows the record (one JSON value per line)",
                "trailing-content: content follows the record (one JSON value per line)");
        assertThat(run.quarantined).extracting(r -> r.get("raw_payload")).allSatisfy(p -> assertThat((String) p).contains("o-"));
    }

    /** Defect 3: PII under escaped, re-cased or single-quoted keys, in plain text and in parser messages. */
    @ParameterizedTest
    @EnumSource(value = RuntimeExecutionMode.class, names = {"STREAMING", "BATCH"})
    void noClearPiiReachesTheQuarantineWhateverTheRecordsShape(RuntimeExecutionMode mode) throws Exception {
        String lines = String.join("\n",
                order("o-1", ",\"em\\u0061il\":\"esc@example.com\",\"EMAIL\":\"upper@example.com\"").replace("\"amount\":12.5", "\"amount\":\"x\""),
                "{'order_id': 'o-2', 'email': 'py@example.com', 'phone': '+44 7700 900222', 'shipping_address': '2 High St'}",
                "customer text@example.com rang from +44 7700 900333 paying with 4539 1488 0343 6467",
                "{\"order_id\":\"o-4\",\"email\":unquoted.local.part@example.com}",
                order("o-5", ",\"contact\":{\"mail\":\"extra@example.com\"},\"Phone\":\"+44 7700 900555\""));

        HostileIntakeRun run = HostileIntakeRun.run(tmp, mode, ORDERS, lines.getBytes(StandardCharsets.UTF_8), null);

        run.assertBalanced(5);
        assertThat(run.landed).extracting(r -> r.get("order_id")).containsExactly("o-5"); // undeclared fields dropped
        assertThat(run.quarantined).hasSize(4);
        assertThat(run.lakeStrings).noneMatch(s -> s.contains("@example.com") || s.contains("7700 900") || s.contains("2 High St")
                || s.contains("4539 1488") || s.contains("unquoted") || s.contains("local.part"));
        assertThat(run.reasonsByOffset().get(3)).matches("parse-error: invalid JSON at line 1 column \\d+: unrecognized token \\(unquoted text\\?\\)");
    }

    /** Defect 4: epoch units, decimal scale, invalid UTF-8, duplicate keys, year 10000, BOM. */
    @ParameterizedTest
    @EnumSource(value = RuntimeExecutionMode.class, names = {"STREAMING", "BATCH"})
    void nothingIsSilentlyReinterpreted(RuntimeExecutionMode mode) throws Exception {
        java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
        file.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        for (String line : List.of(
                order("o-1", ""), // after the BOM: lands
                order("o-2", "").replace("\"2026-01-05T10:00:00Z\"", "1767607201"),
                order("o-3", "").replace("12.5", "0.005"),
                order("o-4", ",\"currency\":\"USD\""),
                order("o-5", "").replace("2026-01-05T10:00:00Z", "+10000-01-01T00:00:00Z"),
                order("o-6", "").replace("12.5", "12.500"))) {
            file.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        file.write(order("o-7", ",\"status\":\"caf").getBytes(StandardCharsets.UTF_8));
        file.write(new byte[] {(byte) 0xC3, (byte) 0x28, '"', '}', '\n'}); // invalid UTF-8 sequence

        HostileIntakeRun run = HostileIntakeRun.run(tmp, mode, ORDERS, file.toByteArray(), null);

        run.assertBalanced(7);
        assertThat(run.landed).extracting(r -> r.get("order_id")).containsExactlyInAnyOrder("o-1", "o-6");
        assertThat(run.landed).extracting(r -> r.get("amount")).containsOnly(new java.math.BigDecimal("12.50"));
        assertThat(run.reasonsByOffset()).satisfiesExactly(
                r -> assertThat(r).startsWith("wrong-type: 'order_ts' is a number but no epoch unit is declared"),
                r -> assertThat(r).startsWith("wrong-type: 'amount' has more than 2 decimals"),
                r -> assertThat(r).isEqualTo("duplicate-key: 'currency' appears more than once"),
                r -> assertThat(r).startsWith("out-of-range: event time 'order_ts' is outside"),
                r -> assertThat(r).startsWith("invalid-utf8: byte "));
    }
}
