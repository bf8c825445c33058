package dev.tributary.jobs.gold;

import dev.tributary.jobs.silver.SilverSchemas;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.types.Row;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The additive statistics both gold marts are made of, and the window aggregate that builds them from silver
 * {@code orders_enriched} rows. A public POJO so Flink serializes window state without Kryo.
 */
@Internal
public final class OrderStats {
    public long orders;
    public long paidOrders;
    public long paymentAttempts;
    public long failedPayments;
    public BigDecimal revenue = BigDecimal.ZERO.setScale(2);

    public OrderStats() {}

    /** Adds one enriched order. */
    public OrderStats add(Row r) {
        orders++;
        if (Boolean.TRUE.equals(r.getField(SilverSchemas.PAID))) {
            paidOrders++;
        }
        paymentAttempts += (Integer) r.getField(SilverSchemas.PAYMENT_COUNT);
        failedPayments += (Integer) r.getField(SilverSchemas.FAILED_PAYMENT_COUNT);
        revenue = revenue.add((BigDecimal) r.getField(SilverSchemas.PAID_AMOUNT));
        return this;
    }

    public OrderStats merge(OrderStats o) {
        orders += o.orders;
        paidOrders += o.paidOrders;
        paymentAttempts += o.paymentAttempts;
        failedPayments += o.failedPayments;
        revenue = revenue.add(o.revenue);
        return this;
    }

    /** revenue / paid orders, 2 decimals HALF_EVEN; null without paid orders. */
    public BigDecimal averageOrderValue() {
        return paidOrders == 0 ? null : revenue.divide(BigDecimal.valueOf(paidOrders), 2, RoundingMode.HALF_EVEN);
    }

    /** paid orders / orders, 4 decimals HALF_EVEN. */
    public BigDecimal conversionRate() {
        return orders == 0 ? BigDecimal.ZERO.setScale(4)
                : BigDecimal.valueOf(paidOrders).divide(BigDecimal.valueOf(orders), 4, RoundingMode.HALF_EVEN);
    }

    /** Incremental window aggregate: state per window is one {@link OrderStats}. */
    static final class Aggregate implements AggregateFunction<Row, OrderStats, OrderStats> {
        private static final long serialVersionUID = 1L;

        @Override
        public OrderStats createAccumulator() {
            return new OrderStats();
        }

        @Override
        public OrderStats add(Row value, OrderStats acc) {
            return acc.add(value);
        }

        @Override
        public OrderStats getResult(OrderStats acc) {
            return acc;
        }

        @Override
        public OrderStats merge(OrderStats a, OrderStats b) {
            return a.merge(b);
        }
    }
}
