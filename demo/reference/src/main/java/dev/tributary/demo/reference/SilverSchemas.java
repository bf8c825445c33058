package dev.tributary.demo.reference;

import dev.tributary.demo.datagen.ReferenceSchemas;
import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;

import java.util.ArrayList;
import java.util.List;

/**
 * Row layouts of the silver layer.
 *
 * <p>{@code silver/orders_enriched} (partition {@code order_date=yyyy-MM-dd} of {@code order_ts}, UTC): the nine
 * order columns as landed in bronze (PII already protected there), then
 *
 * <pre>
 *   paid                  BOOLEAN NOT NULL   at least one captured payment with payment_ts in [order_ts+lower, order_ts+upper]
 *   payment_count         INT NOT NULL       payments (any status) in that interval
 *   failed_payment_count  INT NOT NULL       payments with status 'failed' in that interval
 *   paid_amount           DECIMAL(12,2) NOT NULL  sum of the captured payments' amounts in that interval (0.00 if unpaid)
 *   first_payment_ts      TIMESTAMP          earliest captured payment in the interval (null if unpaid)
 *   customer_segment      STRING             of the customer version valid at order_ts (null: no version known then)
 *   customer_country      STRING             idem
 *   customer_valid_from   TIMESTAMP          valid_from (= updated_at) of that version
 * </pre>
 *
 * <p>The layout is what {@link SilverJob}'s generic blocks produce (the interval join's aggregates, the as-of
 * join's taken columns); it is stated here so tests and readers can check it.
 */
@PublicEvolving
public final class SilverSchemas {

    public static final String ORDERS_ENRICHED = "orders_enriched";
    public static final String ORDER_DATE = "order_date";

    /** Number of order columns at the head of an enriched row (positions as in {@code ORDERS_SCHEMA}). */
    public static final int ORDER_ARITY = ReferenceSchemas.ORDERS_SCHEMA.arity();

    public static final int PAID = ORDER_ARITY;
    public static final int PAYMENT_COUNT = ORDER_ARITY + 1;
    public static final int FAILED_PAYMENT_COUNT = ORDER_ARITY + 2;
    public static final int PAID_AMOUNT = ORDER_ARITY + 3;
    public static final int FIRST_PAYMENT_TS = ORDER_ARITY + 4;
    public static final int CUSTOMER_SEGMENT = ORDER_ARITY + 5;
    public static final int CUSTOMER_COUNTRY = ORDER_ARITY + 6;
    public static final int CUSTOMER_VALID_FROM = ORDER_ARITY + 7;

    public static final RecordSchema ORDERS_ENRICHED_SCHEMA = enriched();

    private SilverSchemas() {}

    private static RecordSchema enriched() {
        List<Field> fields = new ArrayList<>(ReferenceSchemas.ORDERS_SCHEMA.fields());
        fields.add(Field.required("paid", FieldType.BOOLEAN));
        fields.add(Field.required("payment_count", FieldType.INT));
        fields.add(Field.required("failed_payment_count", FieldType.INT));
        fields.add(Field.decimal("paid_amount", true, 12, 2));
        fields.add(Field.optional("first_payment_ts", FieldType.TIMESTAMP));
        fields.add(Field.optional("customer_segment", FieldType.STRING));
        fields.add(Field.optional("customer_country", FieldType.STRING));
        fields.add(Field.optional("customer_valid_from", FieldType.TIMESTAMP));
        return new RecordSchema(ORDERS_ENRICHED, fields);
    }
}
