package dev.tributary.demo.datagen;


import org.apache.flink.annotation.Internal;

import java.util.SplittableRandom;

/**
 * The {@code payments} dataset: slot {@code j} is payment {@code P-<j, 10 digits>} of an order chosen
 * by {@link PaymentLayout}, for the order's exact amount, with event time in (order time, order time
 * + paymentWindow). Method: card 70% (with the customer's card number in clear), paypal 20%,
 * bank_transfer 10%. Status: {@code failed} for the first attempt of a retried order, else
 * {@code captured}.
 *
 * <p>Thread-safe: the last block's layout is cached in an immutable object behind a volatile field.
 */
@Internal
final class PaymentStream extends EventStream {
    static final long DATASET_ID = 2;

    private final OrderStream orders;
    private final CustomerBook customers;
    private final int blockSize;
    private final int paid;
    private final int retried;
    private final int perBlock;
    private final long startMs;
    private final long blockSpanMs;
    private final long offsetMs;
    private final long valuesKey;
    private final long layoutKey;
    private final long count;
    private volatile PaymentLayout last;

    PaymentStream(GeneratorConfig c, OrderStream orders, CustomerBook customers) {
        super(c, ReferenceSchemas.PAYMENTS_SCHEMA, DATASET_ID, "payment_id", "payment_ts");
        this.orders = orders;
        this.customers = customers;
        this.blockSize = c.paymentBlockSize();
        this.paid = (int) Math.round(c.paymentRate() * blockSize);
        this.retried = (int) Math.round(c.retryRate() * paid);
        this.perBlock = paid + retried;
        this.startMs = c.start().toEpochMilli();
        this.blockSpanMs = blockSize * c.orderGap().toMillis();
        this.offsetMs = blockSpanMs + boundMs;
        this.valuesKey = SlotRandom.streamKey(c.seed(), DATASET_ID, SlotRandom.VALUES);
        this.layoutKey = SlotRandom.streamKey(c.seed(), DATASET_ID, SlotRandom.LAYOUT);
        long fullBlocks = c.orders() / blockSize;
        boolean partial = c.orders() % blockSize != 0;
        this.count = perBlock == 0 ? 0 : fullBlocks * perBlock + (partial ? layout(fullBlocks).size() : 0);
    }

    @Override
    long count() {
        return count;
    }

    @Override
    long baseMillis(long j) {
        long b = j / perBlock;
        long m = j % perBlock;
        return startMs + b * blockSpanMs + offsetMs + m * blockSpanMs / perBlock;
    }

    @Override
    String key(long j) {
        return "P-" + JsonText.pad(j, 10);
    }

    /** The order slot payment slot {@code j} pays for. */
    long orderSlot(long j) {
        long b = j / perBlock;
        return b * blockSize + layout(b).orderOffset[(int) (j % perBlock)];
    }

    private PaymentLayout layout(long block) {
        PaymentLayout l = last;
        if (l == null || l.block != block) {
            l = PaymentLayout.compute(block, blockSize, paid, retried, orders, layoutKey);
            last = l;
        }
        return l;
    }

    @Override
    String[] row(long j, long eventMillis) {
        long b = j / perBlock;
        int m = (int) (j % perBlock);
        PaymentLayout l = layout(b);
        long order = b * blockSize + l.orderOffset[m];
        SplittableRandom r = SlotRandom.random(valuesKey, j);
        double u = r.nextDouble();
        String method = u < 0.7 ? "card" : u < 0.9 ? "paypal" : "bank_transfer";
        String card = "card".equals(method)
                ? JsonText.string(customers.customer(orders.customerOf(order)).cardNumber())
                : JsonText.NULL;
        return new String[] {
            JsonText.string(key(j)),
            JsonText.string(OrderStream.orderId(order)),
            JsonText.string(JsonText.isoMillis(eventMillis)),
            JsonText.money(orders.amountCents(order)),
            JsonText.string(method),
            l.failed[m] ? "\"failed\"" : "\"captured\"",
            card
        };
    }
}
