package dev.tributary.jobs.gold;

import dev.tributary.jobs.bronze.BronzeDecoder;
import dev.tributary.jobs.bronze.CountingFunction;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeParquetFormat;
import dev.tributary.jobs.lake.LakePartitions;
import dev.tributary.jobs.lake.LakeSinks;
import dev.tributary.jobs.lake.LakeTable;
import dev.tributary.jobs.silver.SilverSchemas;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * The gold marts ({@link GoldSchemas}) from silver {@code orders_enriched}, with tumbling event-time windows.
 *
 * <pre>
 *  orders_enriched ─┬─ keyBy(segment|country) ─ 1h window ─ count ─ FileSink gold/revenue_hourly (+ _SUCCESS)
 *                   └─ keyBy(all) ───────────── 1d window ─ count ─ FileSink gold/payment_conversion_daily (+ _SUCCESS)
 * </pre>
 *
 * The input must carry event time {@code order_ts} with watermarks under which no row is late, as
 * {@link dev.tributary.jobs.silver.SilverJob#build} returns it (or a lake-table source of silver in batch).
 * A window fires once, when the watermark passes its end (no allowed lateness: silver has already routed late
 * data), so the marts are append-only; a partition gets its {@code _SUCCESS} after its files are committed and the
 * watermark has passed its last millisecond. Uids: {@code <uidPrefix>gold-<mart>-<step>}.
 */
@PublicEvolving
public final class GoldJob {

    private static final Logger LOG = LoggerFactory.getLogger(GoldJob.class);

    private final DataStream<Row> ordersEnriched;
    private final LakeLayout lake;
    private final LakeSinks sinks;
    private final String uidPrefix;

    public GoldJob(DataStream<Row> ordersEnriched, LakeLayout lake, LakeSinks sinks, String uidPrefix) {
        this.ordersEnriched = checkNotNull(ordersEnriched, "ordersEnriched");
        this.lake = checkNotNull(lake, "lake");
        this.sinks = checkNotNull(sinks, "sinks");
        this.uidPrefix = checkNotNull(uidPrefix, "uidPrefix");
    }

    /** Wires both marts; returns their row streams by mart name. */
    public Map<String, DataStream<Row>> build(StreamExecutionEnvironment env) {
        Map<String, DataStream<Row>> marts = new LinkedHashMap<>();
        marts.put(GoldSchemas.REVENUE_HOURLY, land(GoldSchemas.REVENUE_HOURLY_SCHEMA, ordersEnriched
                .keyBy(new SegmentCountry(), Types.STRING)
                .window(TumblingEventTimeWindows.of(Duration.ofHours(1)))
                .aggregate(new OrderStats.Aggregate(), new RevenueHourlyRow(),
                        Types.POJO(OrderStats.class), Types.POJO(OrderStats.class), GoldSchemas.REVENUE_HOURLY_SCHEMA.rowTypeInfo())
                .uid(uid(GoldSchemas.REVENUE_HOURLY, "window")).name("gold revenue_hourly: 1h windows")));
        marts.put(GoldSchemas.PAYMENT_CONVERSION_DAILY, land(GoldSchemas.PAYMENT_CONVERSION_DAILY_SCHEMA, ordersEnriched
                .keyBy(new AllKey(), Types.STRING)
                .window(TumblingEventTimeWindows.of(Duration.ofDays(1)))
                .aggregate(new OrderStats.Aggregate(), new ConversionDailyRow(),
                        Types.POJO(OrderStats.class), Types.POJO(OrderStats.class), GoldSchemas.PAYMENT_CONVERSION_DAILY_SCHEMA.rowTypeInfo())
                .uid(uid(GoldSchemas.PAYMENT_CONVERSION_DAILY, "window")).name("gold payment_conversion_daily: 1d windows")));
        return marts;
    }

    /**
     * Silver {@code orders_enriched} read back from the lake for a BATCH gold run: only partitions marked complete
     * ({@code _SUCCESS}) are read; the others are listed in {@link SilverInput#skipped()} (and logged) so the run can
     * say what it left out. Rows carry event time {@code order_ts}; the only watermark is the end of input, so
     * every window fires once, after all rows (also correct in STREAMING mode over the bounded files).
     *
     * @throws IllegalStateException if no partition is complete (there is nothing a batch run may read)
     */
    public static SilverInput ordersEnrichedFromLake(StreamExecutionEnvironment env, LakeLayout lake) throws IOException {
        Path table = lake.silver(SilverSchemas.ORDERS_ENRICHED);
        LakePartitions partitions = LakePartitions.of(table);
        if (partitions.complete().isEmpty()) {
            throw new IllegalStateException("no complete partition under " + table + " to read; incomplete: "
                    + partitions.incompleteNames());
        }
        if (!partitions.incomplete().isEmpty()) {
            LOG.warn("gold batch: skipping incomplete silver partitions of {}: {}", table, partitions.incompleteNames());
        }
        RecordSchema schema = SilverSchemas.ORDERS_ENRICHED_SCHEMA;
        DataStream<Row> rows = env.fromSource(
                LakeParquetFormat.source(schema, partitions.complete().toArray(new Path[0])),
                WatermarkStrategy.<Row>noWatermarks().withTimestampAssigner(
                        new BronzeDecoder.EventTimeAssigner(schema.indexOf("order_ts"))),
                "silver orders_enriched (complete partitions)", schema.rowTypeInfo());
        return new SilverInput(rows, partitions.incompleteNames());
    }

    /** Silver rows read from the lake, and the partitions left out because they were not complete. */
    @PublicEvolving
    public static final class SilverInput {
        private final DataStream<Row> rows;
        private final List<String> skipped;

        SilverInput(DataStream<Row> rows, List<String> skipped) {
            this.rows = rows;
            this.skipped = List.copyOf(skipped);
        }

        public DataStream<Row> rows() {
            return rows;
        }

        /** Names ({@code order_date=...}) of the partitions not read. */
        public List<String> skipped() {
            return skipped;
        }
    }

    private DataStream<Row> land(RecordSchema schema, DataStream<Row> rows) {
        String mart = schema.name();
        DataStream<Row> counted = rows
                .process(new CountingFunction<Row>("gold." + mart + ".landed", "landed"), schema.rowTypeInfo())
                .uid(uid(mart, "count-landed")).name("gold " + mart + ": count landed");
        sinks.write(counted, lake,
                        LakeTable.of(LakeLayout.GOLD, mart, schema, GoldSchemas.WINDOW_DATE, "window_start")
                                .withCommitMarkers(uid(mart, "markers")),
                        uid(mart, "sink"))
                .name("gold " + mart + ": " + sinks.format().key());
        return counted;
    }

    private String uid(String mart, String step) {
        return uidPrefix + "gold-" + mart + "-" + step;
    }

    static String segment(Row r) {
        Object s = r.getField(SilverSchemas.CUSTOMER_SEGMENT);
        return s == null ? GoldSchemas.UNKNOWN : (String) s;
    }

    static String country(Row r) {
        Object c = r.getField(SilverSchemas.CUSTOMER_COUNTRY);
        return c == null ? GoldSchemas.UNKNOWN : (String) c;
    }

    /** Key {@code segment \u001f country}. */
    static final class SegmentCountry implements KeySelector<Row, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Row r) {
            return segment(r) + '\u001f' + country(r);
        }
    }

    /** One key for a global daily mart (it is tiny: one row per day). */
    static final class AllKey implements KeySelector<Row, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Row r) {
            return "all";
        }
    }

    static final class RevenueHourlyRow extends ProcessWindowFunction<OrderStats, Row, String, TimeWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public void process(String key, Context ctx, Iterable<OrderStats> in, Collector<Row> out) {
            OrderStats s = in.iterator().next();
            int sep = key.indexOf('\u001f');
            out.collect(Row.of(Instant.ofEpochMilli(ctx.window().getStart()), Instant.ofEpochMilli(ctx.window().getEnd()),
                    key.substring(0, sep), key.substring(sep + 1), s.orders, s.paidOrders, s.revenue, s.averageOrderValue()));
        }
    }

    static final class ConversionDailyRow extends ProcessWindowFunction<OrderStats, Row, String, TimeWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public void process(String key, Context ctx, Iterable<OrderStats> in, Collector<Row> out) {
            OrderStats s = in.iterator().next();
            out.collect(Row.of(Instant.ofEpochMilli(ctx.window().getStart()), Instant.ofEpochMilli(ctx.window().getEnd()),
                    s.orders, s.paidOrders, s.conversionRate(), s.paymentAttempts, s.failedPayments, s.revenue));
        }
    }
}
