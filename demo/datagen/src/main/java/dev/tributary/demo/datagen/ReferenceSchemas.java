package dev.tributary.demo.datagen;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Schemas of the reference pipeline's datasets ({@code examples/ecommerce/pipeline.yaml}): {@code orders} and
 * {@code payments} arrive as JSON on Kafka or in files, {@code customers} is a PostgreSQL table read by CDC.
 *
 * <p>PII columns: {@code orders.email} (hashed), {@code orders.phone} (masked, last 4 kept),
 * {@code orders.shipping_address} (redacted), {@code payments.card_number} (masked, last 4 kept),
 * {@code customers.name} and {@code customers.email} (hashed).
 */
@PublicEvolving
public final class ReferenceSchemas {

    public static final String ORDERS = "orders";
    public static final String PAYMENTS = "payments";
    public static final String CUSTOMERS = "customers";

    /** An order; event time {@code order_ts}; key {@code order_id}. */
    public static final RecordSchema ORDERS_SCHEMA =
            RecordSchema.of(
                    ORDERS,
                    Field.required("order_id", FieldType.STRING),
                    Field.required("customer_id", FieldType.STRING),
                    Field.required("order_ts", FieldType.TIMESTAMP),
                    Field.decimal("amount", true, 12, 2),
                    Field.required("currency", FieldType.STRING),
                    Field.optional("status", FieldType.STRING),
                    Field.optional("email", FieldType.STRING),
                    Field.optional("phone", FieldType.STRING),
                    Field.optional("shipping_address", FieldType.STRING));

    /** A payment for an order; event time {@code payment_ts}; key {@code payment_id}. */
    public static final RecordSchema PAYMENTS_SCHEMA =
            RecordSchema.of(
                    PAYMENTS,
                    Field.required("payment_id", FieldType.STRING),
                    Field.required("order_id", FieldType.STRING),
                    Field.required("payment_ts", FieldType.TIMESTAMP),
                    Field.decimal("amount", true, 12, 2),
                    Field.required("method", FieldType.STRING),
                    Field.required("status", FieldType.STRING),
                    Field.optional("card_number", FieldType.STRING));

    /** A customer row; changes over time (CDC); key {@code customer_id}. */
    public static final RecordSchema CUSTOMERS_SCHEMA =
            RecordSchema.of(
                    CUSTOMERS,
                    Field.required("customer_id", FieldType.STRING),
                    Field.optional("name", FieldType.STRING),
                    Field.optional("email", FieldType.STRING),
                    Field.required("segment", FieldType.STRING),
                    Field.required("country", FieldType.STRING),
                    Field.required("updated_at", FieldType.TIMESTAMP));

    private ReferenceSchemas() {}
}
