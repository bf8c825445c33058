package dev.tributary.demo.datagen;


import org.apache.flink.annotation.Internal;

import java.util.SplittableRandom;

/**
 * The {@code orders} dataset: slot {@code i} is order {@code O-<i, 10 digits>} with base event time
 * {@code start + i * orderGap}, a uniformly drawn customer and an amount of 5.00 to 500.00 in the
 * customer's account currency. Email, phone and shipping address are the customer's, in clear.
 */
@Internal
final class OrderStream extends EventStream {
    static final long DATASET_ID = 1;

    private final long count;
    private final long startMs;
    private final long gapMs;
    private final long valuesKey;
    private final CustomerBook customers;

    OrderStream(GeneratorConfig c, CustomerBook customers) {
        super(c, ReferenceSchemas.ORDERS_SCHEMA, DATASET_ID, "order_id", "order_ts");
        this.count = c.orders();
        this.startMs = c.start().toEpochMilli();
        this.gapMs = c.orderGap().toMillis();
        this.valuesKey = SlotRandom.streamKey(c.seed(), DATASET_ID, SlotRandom.VALUES);
        this.customers = customers;
    }

    @Override
    long count() {
        return count;
    }

    @Override
    long baseMillis(long i) {
        return startMs + i * gapMs;
    }

    @Override
    String key(long i) {
        return orderId(i);
    }

    static String orderId(long i) {
        return "O-" + JsonText.pad(i, 10);
    }

    /** Customer number of order slot {@code i}. */
    int customerOf(long i) {
        return SlotRandom.random(valuesKey, i).nextInt(customers.count());
    }

    /** Amount of order slot {@code i} in cents. */
    long amountCents(long i) {
        SplittableRandom r = SlotRandom.random(valuesKey, i);
        r.nextInt(customers.count()); // keep the draw order of customerOf
        return 500 + r.nextLong(49_501);
    }

    @Override
    String[] row(long i, long eventMillis) {
        SplittableRandom r = SlotRandom.random(valuesKey, i);
        Customer cu = customers.customer(r.nextInt(customers.count()));
        long cents = 500 + r.nextLong(49_501);
        return new String[] {
            JsonText.string(orderId(i)),
            JsonText.string(cu.customerId()),
            JsonText.string(JsonText.isoMillis(eventMillis)),
            JsonText.money(cents),
            JsonText.string(CustomerBook.currency(cu.country())),
            "\"placed\"",
            JsonText.string(cu.email()),
            JsonText.string(cu.phone()),
            JsonText.string(cu.shippingAddress())
        };
    }
}
