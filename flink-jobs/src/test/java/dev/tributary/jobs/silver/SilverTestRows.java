package dev.tributary.jobs.silver;

import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.demo.datagen.ReferenceSchemas;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.types.Row;

import java.math.BigDecimal;
import java.time.Instant;

/** Landed bronze rows for silver tests: declared columns, then fixed ingestion metadata. */
public final class SilverTestRows {

    public static final RecordSchema ORDER_ROWS = BronzeSchemas.landed(ReferenceSchemas.ORDERS_SCHEMA);
    public static final RecordSchema PAYMENT_ROWS = BronzeSchemas.landed(ReferenceSchemas.PAYMENTS_SCHEMA);
    public static final RecordSchema CUSTOMER_ROWS = BronzeSchemas.landed(ReferenceSchemas.CUSTOMERS_SCHEMA);

    private static final Instant INGESTED = Instant.parse("2026-01-01T00:00:00Z");

    private SilverTestRows() {}

    public static Row order(String id, String customer, Instant ts, String amount) {
        return Row.of(id, customer, ts, new BigDecimal(amount), "EUR", "new", "tok:v1:e", "****1234", "[redacted]",
                "test", null, null, null, INGESTED);
    }

    public static Row payment(String id, String order, Instant ts, String amount, String status) {
        return Row.of(id, order, ts, new BigDecimal(amount), "card", status, "****4242", "test", null, null, null, INGESTED);
    }

    public static Row customer(String id, String segment, String country, Instant updatedAt) {
        return Row.of(id, "tok:v1:n", "tok:v1:e", segment, country, updatedAt, "test", null, null, null, INGESTED);
    }

    public static long millis(Instant t) {
        return t.toEpochMilli();
    }
}
