package dev.tributary.demo.reference;

import dev.tributary.jobs.blocks.Aggregate;
import dev.tributary.jobs.blocks.AsOfJoin;
import dev.tributary.jobs.blocks.BlockResult;
import dev.tributary.jobs.blocks.EventTable;
import dev.tributary.jobs.blocks.IntervalJoin;
import dev.tributary.jobs.blocks.ModelLanding;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeSinks;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;

import java.util.List;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * The reference pipeline's silver {@code orders_enriched} as a configuration of the generic blocks: orders
 * interval-joined with their payments (one row per order with payment aggregates), then as-of joined with the
 * customer version valid at order time. {@code examples/ecommerce/pipeline.yaml} declares the same blocks.
 *
 * <pre>
 *  orders   ─┐ interval join on order_id, payment_ts in [order_ts + lower, order_ts + upper]
 *  payments ─┴─ paid, payment_count, failed_payment_count, paid_amount, first_payment_ts ─┐ as-of join on customer_id
 *  customers ─────────────────────────────────────────────────────────────────────────────┴─ segment, country, valid_from
 *      ─ silver/orders_enriched (+ _SUCCESS, partition order_date) and silver/_late/orders_enriched/&lt;input&gt;
 * </pre>
 */
@PublicEvolving
public final class SilverJob {

    private final SilverDef def;
    private final DataStream<Row> orders;
    private final DataStream<Row> payments;
    private final DataStream<Row> customers;
    private final LakeLayout lake;
    private final LakeSinks sinks;
    private final String uidPrefix;

    public SilverJob(SilverDef def, DataStream<Row> orders, DataStream<Row> payments, DataStream<Row> customers,
            LakeLayout lake, LakeSinks sinks, String uidPrefix) {
        this.def = checkNotNull(def, "def");
        this.orders = checkNotNull(orders, "orders");
        this.payments = checkNotNull(payments, "payments");
        this.customers = checkNotNull(customers, "customers");
        this.lake = checkNotNull(lake, "lake");
        this.sinks = checkNotNull(sinks, "sinks");
        this.uidPrefix = checkNotNull(uidPrefix, "uidPrefix");
    }

    /** The interval join of orders with their payments, as the reference pipeline declares it. */
    public static IntervalJoin paymentsJoin(SilverDef def) {
        return IntervalJoin.builder()
                .keys(List.of("order_id"), List.of("order_id"))
                .bounds(def.paymentLower(), def.paymentUpper())
                .aggregate(Aggregate.any("paid", "status = 'captured'"))
                .aggregate(Aggregate.count("payment_count").as("INT"))
                .aggregate(Aggregate.countIf("failed_payment_count", "status = 'failed'").as("INT"))
                .aggregate(Aggregate.sum("paid_amount", "amount").where("status = 'captured'").as("DECIMAL(12, 2)"))
                .aggregate(Aggregate.min("first_payment_ts", "payment_ts").where("status = 'captured'"))
                .build();
    }

    /** The as-of join of paid orders with the customer version valid at order time. */
    public static AsOfJoin customerAsOf(SilverDef def) {
        AsOfJoin.Builder b = AsOfJoin.builder()
                .keys(List.of("customer_id"), List.of("customer_id"))
                .validFrom(def.validFromColumn())
                .take(List.of("segment AS customer_segment", "country AS customer_country"))
                .validFromAs("customer_valid_from");
        if (def.opColumn() != null) {
            b.op(def.opColumn(), java.util.Set.of("d"));
        }
        return b.build();
    }

    /** Wires silver and returns {@code orders_enriched} ({@link SilverSchemas#ORDERS_ENRICHED_SCHEMA}). */
    public DataStream<Row> build(StreamExecutionEnvironment env) {
        String model = SilverSchemas.ORDERS_ENRICHED;
        BlockResult paid = paymentsJoin(def).apply(LakeLayout.SILVER, model,
                EventTable.of(def.orders(), orders), EventTable.of(def.payments(), payments), uidPrefix);
        EventTable versions = EventTable.of(def.customers().name(), customers, def.customerRows(), def.validFromColumn(),
                def.customers().allowedLateness());
        BlockResult enriched = customerAsOf(def).apply(LakeLayout.SILVER, model,
                EventTable.of("orders_paid", paid.output().rows(), paid.output().schema(), "order_ts", paid.output().allowedLateness()),
                versions, uidPrefix);
        paid.late().forEach((input, rows) -> ModelLanding.landLate(LakeLayout.SILVER, model, input, rows, lake, sinks, uidPrefix));
        enriched.late().forEach((input, rows) -> {
            if (input.equals(def.customers().name())) {
                ModelLanding.landLate(LakeLayout.SILVER, model, input, rows, lake, sinks, uidPrefix);
            }
        });
        return ModelLanding.land(LakeLayout.SILVER, model, enriched.output().rows(), enriched.output().schema(), "order_ts",
                lake, sinks, uidPrefix);
    }
}
