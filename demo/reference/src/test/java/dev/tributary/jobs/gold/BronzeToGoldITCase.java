package dev.tributary.jobs.gold;

import dev.tributary.demo.reference.GoldJob;
import dev.tributary.demo.reference.GoldSchemas;
import dev.tributary.jobs.bronze.BronzeInput;
import dev.tributary.jobs.bronze.BronzeJob;
import dev.tributary.jobs.bronze.BronzeSources;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeSinks;
import dev.tributary.demo.datagen.ReferenceSchemas;
import dev.tributary.demo.reference.SilverDef;
import dev.tributary.demo.reference.SilverJob;
import dev.tributary.transforms.api.PiiKey;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole chain in one STREAMING job: JSON-lines files (arrival shuffled within the out-of-orderness, one
 * duplicate per dataset) → {@link BronzeJob} → {@link SilverJob} → {@link GoldJob}; gold equals the plain-Java gold.
 */
class BronzeToGoldITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir java.nio.file.Path tmp;

    @Test
    void bronzeStreamsFeedSilverAndGold() throws Exception {
        GoldTestData d = GoldTestData.generate(80, 99);
        DatasetDef customers = DatasetDef.builder(ReferenceSchemas.CUSTOMERS_SCHEMA)
                .eventTime("updated_at", GoldTestData.OUT_OF_ORDERNESS).allowedLateness(GoldTestData.LATENESS)
                .dedupe(List.of("customer_id", "updated_at"), Duration.ofHours(1)).build();
        SilverDef silverDef = SilverDef.builder(GoldTestData.ORDERS, GoldTestData.PAYMENTS, customers)
                .paymentInterval(Duration.ZERO, GoldTestData.UPPER).build();
        List<Row> orders = GoldTestData.arrival(d.orders, 2, 31);
        orders.add(orders.get(orders.size() - 1));
        Path ordersFile = write("orders.jsonl", orders, ReferenceSchemas.ORDERS_SCHEMA.fieldNames());
        Path paymentsFile = write("payments.jsonl", GoldTestData.arrival(d.payments, 2, 32), ReferenceSchemas.PAYMENTS_SCHEMA.fieldNames());
        Path customersFile = write("customers.jsonl", GoldTestData.arrival(d.customers, 5, 33), ReferenceSchemas.CUSTOMERS_SCHEMA.fieldNames());
        LakeLayout lake = new LakeLayout(tmp.resolve("lake").toUri().toString());

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        env.setParallelism(2);
        env.enableCheckpointing(100);
        LakeSinks sinks = LakeSinks.rollOnCheckpoint();
        Map<String, DataStream<Row>> bronze = new BronzeJob(List.of(
                        new BronzeInput(GoldTestData.ORDERS, BronzeSources.files(GoldTestData.ORDERS, ordersFile), "orders-files"),
                        new BronzeInput(GoldTestData.PAYMENTS, BronzeSources.files(GoldTestData.PAYMENTS, paymentsFile), "payments-files"),
                        new BronzeInput(customers, BronzeSources.files(customers, customersFile), "customers-files")),
                lake, sinks, new PiiKey("v1", "test-secret-0123456789"), "it-").build(env);
        DataStream<Row> silver = new SilverJob(silverDef, bronze.get("orders"), bronze.get("payments"), bronze.get("customers"),
                lake, sinks, "it-").build(env);
        new GoldJob(silver, lake, sinks, "it-").build(env);
        var result = env.execute("bronze-silver-gold");

        assertThat(GoldJobs.revenueHourly(lake)).containsExactlyInAnyOrderElementsOf(
                GoldTestData.expectedRevenueHourly(d.orders, d.payments, d.customers));
        assertThat(GoldJobs.conversionDaily(lake)).containsExactlyInAnyOrderElementsOf(
                GoldTestData.expectedConversionDaily(d.orders, d.payments));
        assertThat(result.<Long>getAccumulatorResult("bronze.orders.duplicates")).isEqualTo(1L);
        assertThat(result.<Long>getAccumulatorResult("silver.orders_enriched.out")).isEqualTo(80L);
    }

    private Path write(String name, List<Row> rows, List<String> columns) throws Exception {
        java.nio.file.Path f = tmp.resolve("in").resolve(name);
        Files.createDirectories(f.getParent());
        Files.write(f, rows.stream().map(r -> json(r, columns)).collect(Collectors.toList()));
        return new Path(f.toUri());
    }

    private static String json(Row r, List<String> columns) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < columns.size(); i++) {
            Object v = r.getField(i);
            if (v == null) {
                continue;
            }
            sb.append(sb.length() > 1 ? "," : "").append('"').append(columns.get(i)).append("\":\"").append(v).append('"');
        }
        return sb.append('}').toString();
    }
}
