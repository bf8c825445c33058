package dev.tributary.demo.reference;

import dev.tributary.jobs.blocks.Aggregate;
import dev.tributary.jobs.blocks.BlockResult;
import dev.tributary.jobs.blocks.Derived;
import dev.tributary.jobs.blocks.EventTable;
import dev.tributary.jobs.blocks.ModelLanding;
import dev.tributary.jobs.blocks.WindowAggregate;
import dev.tributary.jobs.bronze.BronzeDecoder;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeParquetFormat;
import dev.tributary.jobs.lake.LakePartitions;
import dev.tributary.jobs.lake.LakeSinks;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * The reference pipeline's gold marts ({@link GoldSchemas}) from silver {@code orders_enriched}, as two
 * configurations of the generic {@link WindowAggregate} block ({@code examples/ecommerce/pipeline.yaml}
 * declares the same).
 *
 * <pre>
 *  orders_enriched ─┬─ group by segment, country (null: unknown) ─ 1h windows ─ gold/revenue_hourly (+ _SUCCESS)
 *                   └─ no group ──────────────────────────────────── 1d windows ─ gold/payment_conversion_daily (+ _SUCCESS)
 * </pre>
 *
 * The input must carry event time {@code order_ts} with watermarks under which no row is late, as
 * {@link SilverJob#build} returns it (or a lake-table source of silver in batch). Each window fires once.
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

    /** {@code gold/revenue_hourly}. */
    public static WindowAggregate revenueHourly() {
        return WindowAggregate.builder()
                .tumbling(Duration.ofHours(1))
                .groupBy(List.of("customer_segment", "customer_country"))
                .groupDefault("customer_segment", GoldSchemas.UNKNOWN)
                .groupDefault("customer_country", GoldSchemas.UNKNOWN)
                .measure(Aggregate.count("orders"))
                .measure(Aggregate.countIf("paid_orders", "paid"))
                .measure(Aggregate.sum("revenue", "paid_amount").as("DECIMAL(18, 2)"))
                .derived(Derived.ratio("avg_order_value", "revenue", "paid_orders", "DECIMAL(18, 2)"))
                .build();
    }

    /** {@code gold/payment_conversion_daily}. */
    public static WindowAggregate paymentConversionDaily() {
        return WindowAggregate.builder()
                .tumbling(Duration.ofDays(1))
                .measure(Aggregate.count("orders"))
                .measure(Aggregate.countIf("paid_orders", "paid"))
                .derived(Derived.ratio("conversion_rate", "paid_orders", "orders", "DECIMAL(7, 4) NOT NULL"))
                .measure(Aggregate.sum("payment_attempts", "payment_count"))
                .measure(Aggregate.sum("failed_payments", "failed_payment_count"))
                .measure(Aggregate.sum("revenue", "paid_amount").as("DECIMAL(18, 2)"))
                .build();
    }

    /** Wires both marts; returns their row streams by mart name. */
    public Map<String, DataStream<Row>> build(StreamExecutionEnvironment env) {
        EventTable in = EventTable.of(SilverSchemas.ORDERS_ENRICHED, ordersEnriched, SilverSchemas.ORDERS_ENRICHED_SCHEMA,
                "order_ts", Duration.ZERO);
        Map<String, DataStream<Row>> marts = new LinkedHashMap<>();
        marts.put(GoldSchemas.REVENUE_HOURLY, land(GoldSchemas.REVENUE_HOURLY, revenueHourly(), in));
        marts.put(GoldSchemas.PAYMENT_CONVERSION_DAILY, land(GoldSchemas.PAYMENT_CONVERSION_DAILY, paymentConversionDaily(), in));
        return marts;
    }

    private DataStream<Row> land(String mart, WindowAggregate block, EventTable in) {
        BlockResult r = block.apply(LakeLayout.GOLD, mart, in, uidPrefix);
        return ModelLanding.land(LakeLayout.GOLD, mart, r, WindowAggregate.WINDOW_START, lake, sinks, uidPrefix);
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
}
