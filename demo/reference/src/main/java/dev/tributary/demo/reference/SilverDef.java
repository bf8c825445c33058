package dev.tributary.demo.reference;

import dev.tributary.demo.datagen.ReferenceSchemas;
import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.time.Duration;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * The declaration of silver {@code orders_enriched}: the three input datasets (their event time and allowed
 * lateness come from their {@link DatasetDef}s), the payment interval {@code [order_ts + lower, order_ts + upper]},
 * and the layout of the customer change rows (by default the landed bronze {@code customers} layout, whose
 * {@code updated_at} is each version's {@code valid_from}).
 */
@PublicEvolving
public final class SilverDef implements Serializable {
    private static final long serialVersionUID = 1L;

    private final DatasetDef orders;
    private final DatasetDef payments;
    private final DatasetDef customers;
    private final Duration paymentLower;
    private final Duration paymentUpper;
    private final RecordSchema customerRows;
    private final String validFromColumn;
    @Nullable private final String opColumn;

    private SilverDef(Builder b) {
        this.orders = b.orders;
        this.payments = b.payments;
        this.customers = b.customers;
        this.paymentLower = b.paymentLower;
        this.paymentUpper = b.paymentUpper;
        this.customerRows = b.customerRows;
        this.validFromColumn = b.validFromColumn;
        this.opColumn = b.opColumn;
    }

    public static Builder builder(DatasetDef orders, DatasetDef payments, DatasetDef customers) {
        return new Builder(orders, payments, customers);
    }

    public DatasetDef orders() {
        return orders;
    }

    public DatasetDef payments() {
        return payments;
    }

    public DatasetDef customers() {
        return customers;
    }

    public Duration paymentLower() {
        return paymentLower;
    }

    public Duration paymentUpper() {
        return paymentUpper;
    }

    public RecordSchema customerRows() {
        return customerRows;
    }

    public String validFromColumn() {
        return validFromColumn;
    }

    @Nullable
    public String opColumn() {
        return opColumn;
    }

    /**
     * How far silver's output watermark trails its input watermark: the interval join emits at
     * {@code order_ts + max(upper + payments' allowed lateness, orders' allowed lateness)}, the as-of join
     * {@code customers' allowed lateness} after that.
     */
    public Duration outputDelay() {
        // The interval join's delay, then the as-of join's: two blocks, each holding the watermark back.
        Duration join = paymentUpper.plus(payments.allowedLateness());
        if (orders.allowedLateness().compareTo(join) > 0) {
            join = orders.allowedLateness();
        }
        return (join.isNegative() ? Duration.ZERO : join).plus(customers.allowedLateness());
    }

    /** Builder; {@link #build()} checks the datasets against the reference schemas the join reads. */
    @PublicEvolving
    public static final class Builder {
        private final DatasetDef orders;
        private final DatasetDef payments;
        private final DatasetDef customers;
        private Duration paymentLower = Duration.ZERO;
        private Duration paymentUpper = Duration.ofHours(1);
        private RecordSchema customerRows;
        private String validFromColumn = "updated_at";
        private String opColumn;

        private Builder(DatasetDef orders, DatasetDef payments, DatasetDef customers) {
            this.orders = checkNotNull(orders, "orders");
            this.payments = checkNotNull(payments, "payments");
            this.customers = checkNotNull(customers, "customers");
            this.customerRows = BronzeSchemas.landed(customers.schema());
        }

        /** Payments with {@code payment_ts} in {@code [order_ts + lower, order_ts + upper]} belong to the order. */
        public Builder paymentInterval(Duration lower, Duration upper) {
            this.paymentLower = checkNotNull(lower, "lower");
            this.paymentUpper = checkNotNull(upper, "upper");
            return this;
        }

        /**
         * The layout of the customer change rows and their valid-from column (e.g. an SCD2 history's
         * {@code valid_from}), and optionally a change-operation column whose value {@code d} marks a delete.
         */
        public Builder customerRows(RecordSchema rows, String validFromColumn, @Nullable String opColumn) {
            this.customerRows = checkNotNull(rows, "rows");
            this.validFromColumn = checkNotNull(validFromColumn, "validFromColumn");
            this.opColumn = opColumn;
            return this;
        }

        public SilverDef build() {
            checkArgument(orders.schema().equals(ReferenceSchemas.ORDERS_SCHEMA),
                    "silver orders_enriched reads the reference orders schema; found " + orders.schema());
            checkArgument(payments.schema().equals(ReferenceSchemas.PAYMENTS_SCHEMA),
                    "silver orders_enriched reads the reference payments schema; found " + payments.schema());
            checkArgument(paymentLower.compareTo(paymentUpper) <= 0,
                    "payment interval: lower " + paymentLower + " must not be after upper " + paymentUpper);
            for (String c : new String[] {"customer_id", "segment", "country", validFromColumn}) {
                checkArgument(customerRows.contains(c),
                        "customer rows need column '" + c + "'; columns are " + customerRows.fieldNames());
            }
            checkArgument(opColumn == null || customerRows.contains(opColumn),
                    "customer rows have no op column '" + opColumn + "'; columns are " + customerRows.fieldNames());
            return new SilverDef(this);
        }
    }
}
