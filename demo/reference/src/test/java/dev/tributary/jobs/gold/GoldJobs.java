package dev.tributary.jobs.gold;

import dev.tributary.demo.reference.GoldJob;
import dev.tributary.demo.reference.GoldSchemas;
import dev.tributary.jobs.bronze.BronzeJob;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.lake.LakeFiles;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeParquetFormat;
import dev.tributary.jobs.lake.LakeSinks;
import dev.tributary.demo.reference.SilverDef;
import dev.tributary.demo.reference.SilverJob;
import dev.tributary.jobs.silver.SilverTestRows;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.connector.datagen.functions.FromElementsGeneratorFunction;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;

import java.io.IOException;
import java.util.List;
import java.util.function.Function;

/** Runs bronze-row inputs through silver + gold in STREAMING or BATCH mode for the ITCases. */
final class GoldJobs {

    private GoldJobs() {}

    /** A parallelism-1 FLIP-27 source emitting {@code rows} in list order. */
    static DataStream<Row> listSource(StreamExecutionEnvironment env, String name, List<Row> rows, RecordSchema schema,
            WatermarkStrategy<Row> watermarks) {
        RowTypeInfo t = schema.rowTypeInfo();
        return env.fromSource(new DataGeneratorSource<>(
                                new FromElementsGeneratorFunction<>(t, rows.toArray(new Row[0])), rows.size(), t),
                        watermarks, name, t)
                .setParallelism(1);
    }

    /** STREAMING run over bounded sources in the given arrival orders; watermarks from {@code strategy}. */
    static JobExecutionResult streaming(LakeLayout lake, SilverDef def, List<Row> orders, List<Row> payments,
            List<Row> customers, Function<DatasetDef, WatermarkStrategy<Row>> strategy) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        env.setParallelism(2);
        env.enableCheckpointing(100);
        DataStream<Row> silver = new SilverJob(def,
                listSource(env, "orders", orders, SilverTestRows.ORDER_ROWS, strategy.apply(def.orders())),
                listSource(env, "payments", payments, SilverTestRows.PAYMENT_ROWS, strategy.apply(def.payments())),
                listSource(env, "customers", customers, SilverTestRows.CUSTOMER_ROWS, strategy.apply(def.customers())),
                lake, LakeSinks.rollOnCheckpoint(), "it-").build(env);
        new GoldJob(silver, lake, LakeSinks.rollOnCheckpoint(), "it-").build(env);
        return env.execute("silver-gold-streaming");
    }

    /** Lands the rows as bronze Parquet tables (a BATCH job), as bronze would have. */
    static void writeBronze(LakeLayout lake, SilverDef def, List<Row> orders, List<Row> payments, List<Row> customers)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(2);
        bronzeTable(env, lake, def.orders(), SilverTestRows.ORDER_ROWS, orders);
        bronzeTable(env, lake, def.payments(), SilverTestRows.PAYMENT_ROWS, payments);
        bronzeTable(env, lake, def.customers(), SilverTestRows.CUSTOMER_ROWS, customers);
        env.execute("write-bronze");
    }

    private static void bronzeTable(StreamExecutionEnvironment env, LakeLayout lake, DatasetDef ds, RecordSchema rows, List<Row> data) {
        env.fromData(data, rows.rowTypeInfo())
                .sinkTo(LakeSinks.rollOnCheckpoint().parquet(lake.bronze(ds.name()), rows, "event_date", ds.eventTimeColumn()));
    }

    /** BATCH run of the same silver + gold code over the bronze Parquet tables of {@code bronzeLake}. */
    static JobExecutionResult batch(LakeLayout bronzeLake, LakeLayout lake, SilverDef def) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(2);
        DataStream<Row> silver = new SilverJob(def,
                lakeTable(env, bronzeLake, def.orders(), SilverTestRows.ORDER_ROWS),
                lakeTable(env, bronzeLake, def.payments(), SilverTestRows.PAYMENT_ROWS),
                lakeTable(env, bronzeLake, def.customers(), SilverTestRows.CUSTOMER_ROWS),
                lake, LakeSinks.rollOnCheckpoint(), "it-").build(env);
        new GoldJob(silver, lake, LakeSinks.rollOnCheckpoint(), "it-").build(env);
        return env.execute("silver-gold-batch");
    }

    private static DataStream<Row> lakeTable(StreamExecutionEnvironment env, LakeLayout lake, DatasetDef ds, RecordSchema rows) {
        return env.fromSource(LakeParquetFormat.source(rows, lake.bronze(ds.name())), BronzeJob.watermarks(ds),
                "bronze " + ds.name() + " (parquet)", rows.rowTypeInfo());
    }

    static List<String> revenueHourly(LakeLayout lake) throws IOException {
        return GoldTestData.revenueHourly(LakeFiles.readAll(lake.gold(GoldSchemas.REVENUE_HOURLY), GoldSchemas.REVENUE_HOURLY_SCHEMA));
    }

    static List<String> conversionDaily(LakeLayout lake) throws IOException {
        return GoldTestData.conversionDaily(
                LakeFiles.readAll(lake.gold(GoldSchemas.PAYMENT_CONVERSION_DAILY), GoldSchemas.PAYMENT_CONVERSION_DAILY_SCHEMA));
    }
}
