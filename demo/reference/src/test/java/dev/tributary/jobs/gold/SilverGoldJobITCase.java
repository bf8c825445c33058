package dev.tributary.jobs.gold;

import dev.tributary.demo.reference.GoldJob;
import dev.tributary.demo.reference.GoldSchemas;
import dev.tributary.jobs.bronze.BronzeJob;
import dev.tributary.jobs.lake.LakeFiles;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakePartitions;
import dev.tributary.jobs.lake.LakeSinks;
import dev.tributary.jobs.lake.MarkedFileSink;
import dev.tributary.demo.reference.SilverSchemas;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 1 and 4 of issue 5: generated orders, payments and customer changes arriving shuffled within the
 * declared out-of-orderness give, in STREAMING mode, exactly the gold computed independently in plain Java, and the
 * same gold (and silver) as a BATCH run of the same code over the bronze Parquet tables; every partition is marked,
 * and a BATCH gold run over silver reads only the marked partitions and reports the others.
 */
class SilverGoldJobITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir java.nio.file.Path tmp;

    @Test
    void streamingGoldEqualsExpectedGoldAndBatchGold() throws Exception {
        GoldTestData d = GoldTestData.generate(240, 42);
        LakeLayout streamLake = new LakeLayout(tmp.resolve("stream").toUri().toString());
        LakeLayout bronzeLake = new LakeLayout(tmp.resolve("bronze").toUri().toString());
        LakeLayout batchLake = new LakeLayout(tmp.resolve("batch").toUri().toString());

        JobExecutionResult streaming = GoldJobs.streaming(streamLake, GoldTestData.SILVER,
                GoldTestData.arrival(d.orders, 2, 1), GoldTestData.arrival(d.payments, 2, 2),
                GoldTestData.arrival(d.customers, 5, 3), BronzeJob::watermarks);
        GoldJobs.writeBronze(bronzeLake, GoldTestData.SILVER, d.orders, d.payments, d.customers);
        GoldJobs.batch(bronzeLake, batchLake, GoldTestData.SILVER);

        List<String> expectedHourly = GoldTestData.expectedRevenueHourly(d.orders, d.payments, d.customers);
        List<String> expectedDaily = GoldTestData.expectedConversionDaily(d.orders, d.payments);
        assertThat(GoldJobs.revenueHourly(streamLake)).containsExactlyElementsOf(expectedHourly.stream().sorted().collect(Collectors.toList()));
        assertThat(GoldJobs.conversionDaily(streamLake)).containsExactlyElementsOf(expectedDaily.stream().sorted().collect(Collectors.toList()));
        assertThat(GoldJobs.revenueHourly(batchLake)).isEqualTo(GoldJobs.revenueHourly(streamLake));
        assertThat(GoldJobs.conversionDaily(batchLake)).isEqualTo(GoldJobs.conversionDaily(streamLake));
        assertThat(silver(batchLake)).isEqualTo(silver(streamLake)).hasSize(240);

        for (LakeLayout lake : List.of(streamLake, batchLake)) {
            for (var table : List.of(lake.gold(GoldSchemas.REVENUE_HOURLY), lake.gold(GoldSchemas.PAYMENT_CONVERSION_DAILY),
                    lake.silver(SilverSchemas.ORDERS_ENRICHED))) {
                LakePartitions partitions = LakePartitions.of(table);
                assertThat(partitions.complete()).as("complete partitions of %s", table).hasSize(2);
                assertThat(partitions.incomplete()).as("incomplete partitions of %s", table).isEmpty();
            }
        }
        assertThat(streaming.<Long>getAccumulatorResult("silver.orders_enriched.orders.late")).isZero();

        // A batch gold run over silver reads only complete partitions and says which it skipped.
        org.apache.flink.core.fs.Path jan6 = new org.apache.flink.core.fs.Path(
                streamLake.silver(SilverSchemas.ORDERS_ENRICHED), "order_date=2026-01-06");
        jan6.getFileSystem().delete(new org.apache.flink.core.fs.Path(jan6, MarkedFileSink.SUCCESS), false);
        LakeLayout goldOnly = new LakeLayout(tmp.resolve("gold-only").toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(2);
        GoldJob.SilverInput silverInput = GoldJob.ordersEnrichedFromLake(env, streamLake);
        new GoldJob(silverInput.rows(), goldOnly, LakeSinks.rollOnCheckpoint(), "it-").build(env);
        env.execute("gold-from-silver");
        assertThat(silverInput.skipped()).containsExactly("order_date=2026-01-06");
        assertThat(GoldJobs.conversionDaily(goldOnly)).containsExactly(GoldJobs.conversionDaily(streamLake).get(0));
        assertThat(streaming.<Long>getAccumulatorResult("silver.orders_enriched.payments.late")).isZero();
        assertThat(streaming.<Long>getAccumulatorResult("silver.orders_enriched.out")).isEqualTo(240L);
    }

    @Test
    void asOfJoinPicksTheCustomerVersionValidAtEachOrder() throws Exception {
        GoldTestData d = GoldTestData.generate(120, 7);
        LakeLayout lake = new LakeLayout(tmp.resolve("asof").toUri().toString());

        GoldJobs.streaming(lake, GoldTestData.SILVER, GoldTestData.arrival(d.orders, 2, 4),
                GoldTestData.arrival(d.payments, 2, 5), GoldTestData.arrival(d.customers, 5, 6), BronzeJob::watermarks);

        List<Row> c00 = LakeFiles.readAll(lake.silver(SilverSchemas.ORDERS_ENRICHED), SilverSchemas.ORDERS_ENRICHED_SCHEMA)
                .stream().filter(r -> "c-00".equals(r.getField(1))).collect(Collectors.toList());
        assertThat(c00).anySatisfy(r -> assertThat((Instant) r.getField(2)).isBefore(GoldTestData.C00_CHANGE))
                .anySatisfy(r -> assertThat((Instant) r.getField(2)).isAfterOrEqualTo(GoldTestData.C00_CHANGE));
        assertThat(c00).allSatisfy(r -> assertThat(r.getField(SilverSchemas.CUSTOMER_SEGMENT)).isEqualTo(
                ((Instant) r.getField(2)).isBefore(GoldTestData.C00_CHANGE) ? "retail" : "vip"));
        List<Row> c11 = LakeFiles.readAll(lake.silver(SilverSchemas.ORDERS_ENRICHED), SilverSchemas.ORDERS_ENRICHED_SCHEMA)
                .stream().filter(r -> "c-11".equals(r.getField(1))).collect(Collectors.toList());
        assertThat(c11).anySatisfy(r -> assertThat(r.getField(SilverSchemas.CUSTOMER_SEGMENT)).isNull())
                .anySatisfy(r -> assertThat(r.getField(SilverSchemas.CUSTOMER_SEGMENT)).isEqualTo("pro"));
    }

    private static List<String> silver(LakeLayout lake) throws Exception {
        return LakeFiles.readAll(lake.silver(SilverSchemas.ORDERS_ENRICHED), SilverSchemas.ORDERS_ENRICHED_SCHEMA)
                .stream().map(Row::toString).sorted().collect(Collectors.toList());
    }
}
