package dev.tributary.jobs.gold;

import dev.tributary.jobs.blocks.LateRecords;
import dev.tributary.jobs.blocks.ModelLanding;
import dev.tributary.demo.reference.GoldJob;
import dev.tributary.demo.reference.GoldSchemas;
import dev.tributary.jobs.lake.LakeFiles;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.demo.reference.SilverSchemas;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 2 of issue 5: an order and a payment that arrive later than the allowed lateness land in
 * {@code silver/_late/<dataset>} with the reason and are counted, and gold is exactly the plain-Java gold without
 * them; the same records arriving in time give exactly the plain-Java gold with them.
 */
class SilverLateDataITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir java.nio.file.Path tmp;

    @Test
    void lateRecordsLandInLateAndMovingThemEarlierChangesGoldExactlyAsExpected() throws Exception {
        GoldTestData d = GoldTestData.generate(120, 11);
        Row lateOrder = d.orders.get(10);
        Row latePayment = d.payments.stream()
                .filter(p -> "captured".equals(p.getField(5)) && !p.getField(1).equals(lateOrder.getField(0)))
                .filter(p -> GoldTestData.outcome(orderOf(d, (String) p.getField(1)), List.of(p)).paid)
                .findFirst().orElseThrow();
        List<Row> orders = GoldTestData.arrival(d.orders, 2, 21);
        List<Row> payments = GoldTestData.arrival(d.payments, 2, 22);
        List<Row> customers = GoldTestData.arrival(d.customers, 5, 23);

        LakeLayout lateLake = new LakeLayout(tmp.resolve("late").toUri().toString());
        JobExecutionResult late = GoldJobs.streaming(lateLake, GoldTestData.SILVER,
                movedToEnd(orders, lateOrder), movedToEnd(payments, latePayment), customers, PerEventWatermarks::of);
        LakeLayout inTimeLake = new LakeLayout(tmp.resolve("in-time").toUri().toString());
        GoldJobs.streaming(inTimeLake, GoldTestData.SILVER, orders, payments, customers, PerEventWatermarks::of);

        List<Row> withoutOrder = without(d.orders, lateOrder);
        List<Row> withoutPayment = without(d.payments, latePayment);
        assertThat(GoldJobs.revenueHourly(lateLake)).containsExactlyInAnyOrderElementsOf(
                GoldTestData.expectedRevenueHourly(withoutOrder, withoutPayment, d.customers));
        assertThat(GoldJobs.conversionDaily(lateLake)).containsExactlyInAnyOrderElementsOf(
                GoldTestData.expectedConversionDaily(withoutOrder, withoutPayment));
        assertThat(GoldJobs.revenueHourly(inTimeLake)).containsExactlyInAnyOrderElementsOf(
                GoldTestData.expectedRevenueHourly(d.orders, d.payments, d.customers));
        assertThat(GoldJobs.conversionDaily(inTimeLake)).containsExactlyInAnyOrderElementsOf(
                GoldTestData.expectedConversionDaily(d.orders, d.payments));
        assertThat(GoldJobs.revenueHourly(lateLake)).isNotEqualTo(GoldJobs.revenueHourly(inTimeLake));

        List<Row> lateOrders = LakeFiles.readAll(lateTable(lateLake, "orders"), LateRecords.SCHEMA);
        assertThat(lateOrders).singleElement().satisfies(r -> {
            assertThat(r.getField(0)).isEqualTo("orders_enriched");
            assertThat(r.getField(1)).isEqualTo("orders");
            assertThat((String) r.getField(2)).startsWith("behind-watermark");
            assertThat(r.getField(3)).isEqualTo(lateOrder.getField(2));
            assertThat(r.getField(5)).isEqualTo(lateOrder.getField(0));
            // The payload is JSON in the input's own column names, so it can be re-ingested as it is.
            assertThat((String) r.getField(6)).startsWith("{\"order_id\":\"" + lateOrder.getField(0) + "\",\"customer_id\":");
        });
        assertThat(LakeFiles.readAll(lateTable(lateLake, "payments"), LateRecords.SCHEMA))
                .singleElement().satisfies(r -> assertThat(r.getField(5)).isEqualTo(latePayment.getField(1)));
        assertThat(late.<Long>getAccumulatorResult("silver.orders_enriched.orders.late")).isEqualTo(1L);
        assertThat(late.<Long>getAccumulatorResult("silver.orders_enriched.payments.late")).isEqualTo(1L);
        assertThat(late.<Long>getAccumulatorResult("silver.orders_enriched.orders.in")).isEqualTo(120L);
        assertThat(late.<Long>getAccumulatorResult("silver.orders_enriched.out")).isEqualTo(119L);
        assertThat(LakeFiles.readAll(lateTable(inTimeLake, "orders"), LateRecords.SCHEMA)).isEmpty();
    }

    private static org.apache.flink.core.fs.Path lateTable(LakeLayout lake, String input) {
        return ModelLanding.lateTable(lake, "silver", "orders_enriched", input);
    }

    private static Row orderOf(GoldTestData d, String orderId) {
        return d.orders.stream().filter(o -> o.getField(0).equals(orderId)).findFirst().orElseThrow();
    }

    private static List<Row> movedToEnd(List<Row> rows, Row late) {
        List<Row> out = without(rows, late);
        out.add(late);
        return out;
    }

    private static List<Row> without(List<Row> rows, Row r) {
        return rows.stream().filter(x -> x != r).collect(Collectors.toCollection(ArrayList::new));
    }
}
