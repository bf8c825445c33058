package dev.tributary.jobs.bronze;

import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.lake.LakeFiles;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeSinks;
import dev.tributary.demo.datagen.ReferenceSchemas;
import dev.tributary.transforms.api.PiiKey;
import dev.tributary.transforms.api.PiiPolicy;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Bronze over a small hand-written JSON-lines backfill in BATCH mode: values, metadata, dedupe, quarantine, PII. */
class BronzeFilesITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final DatasetDef ORDERS = DatasetDef.builder(ReferenceSchemas.ORDERS_SCHEMA)
            .eventTime("order_ts", Duration.ofSeconds(5))
            .dedupe(List.of("order_id"), Duration.ofHours(1))
            .pii(PiiPolicy.builder().hash("email").mask("phone", 4).redact("shipping_address").build())
            .build();

    @TempDir java.nio.file.Path tmp;

    @Test
    void landsEachValidRecordOnceAndQuarantinesMalformedOnes() throws Exception {
        String o1 = "{\"order_id\":\"o-1\",\"customer_id\":\"c-1\",\"order_ts\":\"2026-01-05T10:00:00Z\",\"amount\":12.5,"
                + "\"currency\":\"EUR\",\"status\":\"new\",\"email\":\"ada@example.com\",\"phone\":\"+44 7700 900123\","
                + "\"shipping_address\":\"1 Main St\"}";
        String o2 = "{\"order_id\":\"o-2\",\"customer_id\":\"c-2\",\"order_ts\":\"2026-01-06T23:59:59.999Z\",\"amount\":\"7.00\","
                + "\"currency\":\"USD\",\"email\":\"bob@example.com\"}";
        String truncated = "{\"order_id\":\"o-3\",\"email\":\"carol@example.com\",\"amount\":";
        String missing = "{\"order_id\":\"o-4\",\"order_ts\":\"2026-01-05T10:00:00Z\",\"amount\":1,\"currency\":\"EUR\",\"email\":\"dan@example.com\"}";
        String wrongType = "{\"order_id\":\"o-5\",\"customer_id\":\"c-5\",\"order_ts\":true,\"amount\":1,\"currency\":\"EUR\"}";
        java.nio.file.Path in = tmp.resolve("in/orders.jsonl");
        Files.createDirectories(in.getParent());
        Files.write(in, List.of(o1, o2, o1, "", truncated, missing, wrongType));
        LakeLayout lake = new LakeLayout(tmp.resolve("lake").toUri().toString());

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(2);
        new BronzeJob(List.of(new BronzeInput(ORDERS, BronzeSources.files(ORDERS, new Path(in.toUri())), "orders-files")),
                lake, LakeSinks.rollOnCheckpoint(), new PiiKey("v1", "test-secret-0123456789"), "test-").build(env);
        JobExecutionResult result = env.execute("bronze-files");

        List<Row> rows = LakeFiles.readAll(lake.bronze("orders"), BronzeSchemas.landed(ORDERS.schema()));
        assertThat(rows).extracting(r -> r.getField(0)).containsExactlyInAnyOrder("o-1", "o-2");
        Row first = rows.stream().filter(r -> "o-1".equals(r.getField(0))).findFirst().orElseThrow();
        assertThat(first.getField(2)).isEqualTo(Instant.parse("2026-01-05T10:00:00Z"));
        assertThat(first.getField(3)).isEqualTo(new BigDecimal("12.50"));
        assertThat((String) first.getField(6)).startsWith("tok:v1:").doesNotContain("ada");
        assertThat(first.getField(7)).isEqualTo("***********0123");
        assertThat(first.getField(8)).isEqualTo("[redacted]");
        assertThat(first.getField(9)).isEqualTo("file:orders.jsonl");
        assertThat(first.getField(11)).isEqualTo(1L);
        assertThat(LakeFiles.filesPerPartition(lake.bronze("orders")).keySet())
                .containsExactly("event_date=2026-01-05", "event_date=2026-01-06");

        List<Row> quarantine = LakeFiles.readAll(lake.bronzeQuarantine("orders"), BronzeSchemas.QUARANTINE);
        assertThat(quarantine.stream().map(r -> (String) r.getField(1)).collect(Collectors.toList()))
                .hasSize(3)
                .anySatisfy(r -> assertThat(r).startsWith("parse-error"))
                .anySatisfy(r -> assertThat(r).isEqualTo("missing-field: 'customer_id' is required"))
                .anySatisfy(r -> assertThat(r).startsWith("wrong-type: 'order_ts'"));
        assertThat(quarantine).allSatisfy(r -> assertThat((String) r.getField(3))
                .doesNotContain("carol@example.com").doesNotContain("dan@example.com"));
        assertThat(quarantine).extracting(r -> r.getField(6)).containsExactlyInAnyOrder(5L, 6L, 7L);

        assertThat(result.<Long>getAccumulatorResult("bronze.orders.in")).isEqualTo(6L);
        assertThat(result.<Long>getAccumulatorResult("bronze.orders.landed")).isEqualTo(2L);
        assertThat(result.<Long>getAccumulatorResult("bronze.orders.quarantined")).isEqualTo(3L);
        assertThat(result.<Long>getAccumulatorResult("bronze.orders.duplicates")).isEqualTo(1L);
    }
}
