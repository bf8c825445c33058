package dev.tributary.demo.reference;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Row layouts of the gold marts. Both are computed from silver {@code orders_enriched} with tumbling event-time
 * windows on {@code order_ts} (UTC), landed append-only, partitioned {@code window_date=yyyy-MM-dd} by
 * {@code window_start}, each partition marked {@code _SUCCESS} once complete.
 *
 * <p>{@code gold/revenue_hourly}: one row per hour x customer segment x country having orders. Segment and
 * country are those of the customer version valid at order time, {@value #UNKNOWN} when none was known.
 * {@code orders}: orders; {@code paid_orders}: orders with a captured payment in their interval; {@code revenue}:
 * sum of {@code paid_amount}; {@code avg_order_value}: revenue / paid_orders (HALF_EVEN, 2 decimals; null when
 * no order was paid).
 *
 * <p>{@code gold/payment_conversion_daily}: one row per UTC day having orders. {@code conversion_rate}:
 * paid_orders / orders (HALF_EVEN, 4 decimals); {@code payment_attempts} and {@code failed_payments}: payments
 * (any status / status {@code failed}) that fell in the payment interval of that day's orders (payments matching
 * no order are not counted); {@code revenue}: sum of {@code paid_amount}.
 */
@PublicEvolving
public final class GoldSchemas {

    public static final String REVENUE_HOURLY = "revenue_hourly";
    public static final String PAYMENT_CONVERSION_DAILY = "payment_conversion_daily";
    public static final String WINDOW_DATE = "window_date";
    public static final String UNKNOWN = "unknown";

    public static final RecordSchema REVENUE_HOURLY_SCHEMA =
            RecordSchema.of(
                    REVENUE_HOURLY,
                    Field.required("window_start", FieldType.TIMESTAMP),
                    Field.required("window_end", FieldType.TIMESTAMP),
                    Field.required("customer_segment", FieldType.STRING),
                    Field.required("customer_country", FieldType.STRING),
                    Field.required("orders", FieldType.LONG),
                    Field.required("paid_orders", FieldType.LONG),
                    Field.decimal("revenue", true, 18, 2),
                    Field.decimal("avg_order_value", false, 18, 2));

    public static final RecordSchema PAYMENT_CONVERSION_DAILY_SCHEMA =
            RecordSchema.of(
                    PAYMENT_CONVERSION_DAILY,
                    Field.required("window_start", FieldType.TIMESTAMP),
                    Field.required("window_end", FieldType.TIMESTAMP),
                    Field.required("orders", FieldType.LONG),
                    Field.required("paid_orders", FieldType.LONG),
                    Field.decimal("conversion_rate", true, 7, 4),
                    Field.required("payment_attempts", FieldType.LONG),
                    Field.required("failed_payments", FieldType.LONG),
                    Field.decimal("revenue", true, 18, 2));

    private GoldSchemas() {}
}
