package dev.tributary.quality;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.types.Row;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** Shared fixtures: an orders dataset with one column of every type, and a customers dataset. */
public final class QualityTestData {
    public static final RecordSchema ORDERS = RecordSchema.of("orders",
            Field.required("order_id", FieldType.STRING),
            Field.optional("customer_id", FieldType.LONG),
            Field.decimal("amount", false, 18, 2),
            Field.optional("quantity", FieldType.INT),
            Field.optional("price", FieldType.DOUBLE),
            Field.optional("status", FieldType.STRING),
            Field.optional("email", FieldType.STRING),
            Field.optional("event_time", FieldType.TIMESTAMP),
            Field.optional("order_date", FieldType.DATE),
            Field.optional("paid", FieldType.BOOLEAN));

    public static final RecordSchema CUSTOMERS = RecordSchema.of("customers",
            Field.required("customer_id", FieldType.LONG),
            Field.optional("name", FieldType.STRING));

    public static final Instant T0 = Instant.parse("2024-03-01T12:00:00Z");

    private QualityTestData() {}

    /** A valid order. */
    public static Row order(String id) {
        return Row.of(id, 42L, new BigDecimal("19.99"), 2, 9.995, "PAID", "ann@example.com", T0,
                LocalDate.parse("2024-03-01"), true);
    }

    /** A valid order with one field replaced. */
    public static Row order(String id, String column, Object value) {
        Row row = order(id);
        row.setField(ORDERS.indexOf(column), value);
        return row;
    }

    public static Row customer(long id, String name) {
        return Row.of(id, name);
    }
}
