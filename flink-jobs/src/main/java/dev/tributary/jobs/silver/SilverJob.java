package dev.tributary.jobs.silver;

import dev.tributary.jobs.bronze.CountingFunction;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeSinks;
import dev.tributary.jobs.lake.LakeTable;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * Silver {@code orders_enriched}: orders interval-joined with their payments and as-of joined with the customer
 * version valid at order time, on event time, in STREAMING and BATCH mode alike.
 *
 * <pre>
 *  orders    ─ route late ─keyBy(order_id)─┐
 *  payments  ─ route late ─keyBy(order_id)─┴─ interval join ─keyBy(customer_id)─┐  (late rows → count → silver/_late/&lt;ds&gt;)
 *  customers ─ route late ──────────────keyBy(customer_id)──────────────────────┴─ as-of join ─ re-stamp(order_ts, hold back)
 *                                                                        └─ FileSink silver/orders_enriched (+ _SUCCESS)
 * </pre>
 *
 * Inputs are landed bronze rows (longer in-flight rows are cut to the landed layout) with event-time timestamps
 * and watermarks assigned at their sources ({@code BronzeJob.watermarks}): the streams {@code BronzeJob#build}
 * returns, or lake-table sources ({@code LakeParquetFormat.source}) in batch. The
 * returned stream carries each row at event time {@code order_ts} with the watermark held back by
 * {@link SilverDef#outputDelay()}, so event-time windows downstream (gold) see no late rows. Rows later than a
 * dataset's allowed lateness go to {@code silver/_late/<dataset>} and are counted ({@code silver.<ds>.late}).
 * Operator uids: {@code <uidPrefix>silver-<step>}.
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

    /** Wires silver and returns {@code orders_enriched} ({@link SilverSchemas#ORDERS_ENRICHED_SCHEMA}). */
    public DataStream<Row> build(StreamExecutionEnvironment env) {
        DatasetDef o = def.orders();
        DatasetDef p = def.payments();
        DatasetDef c = def.customers();
        RecordSchema orderRows = dev.tributary.jobs.bronze.BronzeSchemas.landed(o.schema());
        RecordSchema paymentRows = dev.tributary.jobs.bronze.BronzeSchemas.landed(p.schema());
        RecordSchema customerRows = def.customerRows();
        RowTypeInfo enrichedType = SilverSchemas.ORDERS_ENRICHED_SCHEMA.rowTypeInfo();

        SingleOutputStreamOperator<Row> onTimeOrders = route(orders, o, orderRows, "order_id");
        SingleOutputStreamOperator<Row> onTimePayments = route(payments, p, paymentRows, "payment_id");
        SingleOutputStreamOperator<Row> onTimeCustomers = route(customers, c, customerRows, "customer_id");

        OrderPaymentJoinFunction join = new OrderPaymentJoinFunction(
                o.name(), orderRows.rowTypeInfo(), orderRows.indexOf(o.eventTimeColumn()), o.allowedLateness().toMillis(),
                p.name(), paymentRows.rowTypeInfo(), paymentRows.indexOf(p.eventTimeColumn()),
                paymentRows.indexOf("amount"), paymentRows.indexOf("status"), p.allowedLateness().toMillis(),
                def.paymentLower().toMillis(), def.paymentUpper().toMillis());
        SingleOutputStreamOperator<Row> paid = onTimeOrders
                .keyBy(new FieldKey(orderRows.indexOf("order_id")), Types.STRING)
                .connect(onTimePayments.keyBy(new FieldKey(paymentRows.indexOf("order_id")), Types.STRING))
                .process(join, enrichedType)
                .uid(uid("order-payment-join")).name("silver: orders x payments (interval)");

        CustomerAsOfJoinFunction asOf = new CustomerAsOfJoinFunction(
                c.name(), customerRows.indexOf(def.validFromColumn()), customerRows.indexOf("segment"),
                customerRows.indexOf("country"), def.opColumn() == null ? -1 : customerRows.indexOf(def.opColumn()),
                c.allowedLateness().toMillis(), join.emissionDelayMillis());
        SingleOutputStreamOperator<Row> enriched = paid
                .keyBy(new FieldKey(SilverSchemas.ORDERS_ENRICHED_SCHEMA.indexOf("customer_id")), Types.STRING)
                .connect(onTimeCustomers.keyBy(new FieldKey(customerRows.indexOf("customer_id")), Types.STRING))
                .process(asOf, enrichedType)
                .uid(uid("customer-as-of-join")).name("silver: orders x customers (as-of)");

        sinkLate(o.name(), onTimeOrders, paid);
        sinkLate(p.name(), onTimePayments, paid);
        sinkLate(c.name(), onTimeCustomers, enriched);

        DataStream<Row> restamped = enriched
                .transform("silver: event time = order_ts", enrichedType,
                        new EventTimeRestamper(SilverSchemas.ORDERS_ENRICHED_SCHEMA.indexOf("order_ts"), def.outputDelay().toMillis()))
                .uid(uid("restamp"));
        DataStream<Row> counted = restamped
                .process(new CountingFunction<Row>("silver." + SilverSchemas.ORDERS_ENRICHED + ".landed", "landed"), enrichedType)
                .uid(uid("count-landed")).name("silver: count landed");
        sinks.write(counted, lake,
                        LakeTable.of(LakeLayout.SILVER, SilverSchemas.ORDERS_ENRICHED, SilverSchemas.ORDERS_ENRICHED_SCHEMA,
                                SilverSchemas.ORDER_DATE, "order_ts").withCommitMarkers(uid("markers")),
                        uid("sink"))
                .name("silver: " + sinks.format().key() + " orders_enriched");
        return restamped;
    }

    private SingleOutputStreamOperator<Row> route(DataStream<Row> input, DatasetDef ds, RecordSchema rows, String key) {
        return input
                .process(new LateDataRouter(ds.name(), rows.arity(), rows.indexOf(key), ds.allowedLateness().toMillis()),
                        rows.rowTypeInfo())
                .uid(uid("late-" + ds.name() + "-router")).name("silver: route late " + ds.name());
    }

    /** Late rows of a dataset: those its router caught, and those a join caught behind its combined watermark. */
    private void sinkLate(String dataset, SingleOutputStreamOperator<Row> router, SingleOutputStreamOperator<Row> join) {
        RowTypeInfo lateType = SilverSchemas.LATE.rowTypeInfo();
        DataStream<Row> late = router.getSideOutput(LateRecords.tag(dataset))
                .union(join.getSideOutput(LateRecords.tag(dataset)))
                .process(new CountingFunction<Row>("silver." + dataset + ".late", "late"), lateType)
                .uid(uid("late-" + dataset + "-count")).name("silver: count late " + dataset);
        sinks.write(late, lake,
                        LakeTable.side(LakeLayout.SILVER, LakeLayout.LATE, dataset, SilverSchemas.LATE, "event_date", "event_time"),
                        uid("late-" + dataset + "-sink"))
                .name("silver: " + sinks.format().key() + " _late/" + dataset);
    }

    private String uid(String step) {
        return uidPrefix + "silver-" + step;
    }

    /** Key: one STRING column. */
    static final class FieldKey implements KeySelector<Row, String> {
        private static final long serialVersionUID = 1L;
        private final int position;

        FieldKey(int position) {
            this.position = position;
        }

        @Override
        public String getKey(Row row) {
            return String.valueOf(row.getField(position));
        }
    }
}
