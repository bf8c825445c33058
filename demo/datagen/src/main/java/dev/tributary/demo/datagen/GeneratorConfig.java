package dev.tributary.demo.datagen;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import static org.apache.flink.util.Preconditions.checkArgument;

/**
 * Immutable, validated settings of the {@link ReferenceDataGenerator}. Equal configs generate
 * byte-identical data; the config is {@link Serializable} so Flink sources can ship it.
 *
 * <p>Rates are per emitted event of a dataset and are mutually exclusive (one event has one {@link
 * EventKind}); their sum must not exceed 1. All rates may be zero. Build with {@link #builder()};
 * {@link #defaults()} is the embedded demo's data.
 */
@PublicEvolving
public final class GeneratorConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Largest customer count: phone numbers and ids stay unique and well-formed below it. */
    public static final int MAX_CUSTOMERS = 10_000_000;

    /** Largest order count: ids have 10 digits. */
    public static final long MAX_ORDERS = 9_999_999_999L;

    /** Upper bound of orders per payment block (quantum of the effective payment rate). */
    static final int MAX_PAYMENT_BLOCK = 100;

    final long seed;
    final long orders;
    final double paymentRate;
    final double retryRate;
    final int customers;
    final double customerChangeRate;
    final Instant start;
    final Duration orderGap;
    final Duration maxOutOfOrderness;
    final Duration allowedLateness;
    final Duration lateSpread;
    final Duration paymentWindow;
    final double duplicateRate;
    final double lateRate;
    final double malformedJsonRate;
    final double missingFieldRate;
    final double wrongTypeRate;

    GeneratorConfig(GeneratorConfigBuilder b) {
        this.seed = b.seed;
        this.orders = b.orders;
        this.paymentRate = b.paymentRate;
        this.retryRate = b.retryRate;
        this.customers = b.customers;
        this.customerChangeRate = b.customerChangeRate;
        this.start = b.start;
        this.orderGap = b.orderGap;
        this.maxOutOfOrderness = b.maxOutOfOrderness;
        this.allowedLateness = b.allowedLateness;
        this.lateSpread = b.lateSpread;
        this.paymentWindow = b.paymentWindow;
        this.duplicateRate = b.duplicateRate;
        this.lateRate = b.lateRate;
        this.malformedJsonRate = b.malformedJsonRate;
        this.missingFieldRate = b.missingFieldRate;
        this.wrongTypeRate = b.wrongTypeRate;
        validate();
    }

    private void validate() {
        checkArgument(orders >= 0 && orders <= MAX_ORDERS, "orders must be in [0, %s]: %s", MAX_ORDERS, orders);
        checkArgument(customers >= 1 && customers <= MAX_CUSTOMERS,
                "customers must be in [1, %s]: %s", MAX_CUSTOMERS, customers);
        checkRate("paymentRate", paymentRate);
        checkRate("retryRate", retryRate);
        checkRate("customerChangeRate", customerChangeRate);
        checkRate("duplicateRate", duplicateRate);
        checkRate("lateRate", lateRate);
        checkRate("malformedJsonRate", malformedJsonRate);
        checkRate("missingFieldRate", missingFieldRate);
        checkRate("wrongTypeRate", wrongTypeRate);
        double sum = duplicateRate + lateRate + malformedJsonRate + missingFieldRate + wrongTypeRate;
        checkArgument(sum <= 1.0 + 1e-9,
                "duplicate + late + malformed rates must not exceed 1, got %s: lower one of them", sum);
        checkArgument(orderGap.toMillis() >= 1, "orderGap must be at least 1 ms: %s", orderGap);
        checkArgument(!maxOutOfOrderness.isNegative(), "maxOutOfOrderness must not be negative");
        checkArgument(!allowedLateness.isNegative(), "allowedLateness must not be negative");
        checkArgument(!lateSpread.isNegative(), "lateSpread must not be negative");
        // A payment block of B orders spans B*gap; its payments are placed one block later, so the
        // window must hold two blocks plus jitter on both sides (see PaymentLayout).
        checkArgument(paymentBlockSize() >= 1,
                "paymentWindow (%s) must exceed 2 * (maxOutOfOrderness + orderGap) = %s: raise paymentWindow"
                        + " or lower maxOutOfOrderness/orderGap",
                paymentWindow, maxOutOfOrderness.plus(orderGap).multipliedBy(2));
    }

    private static void checkRate(String name, double rate) {
        checkArgument(rate >= 0.0 && rate <= 1.0 && !Double.isNaN(rate), "%s must be in [0, 1]: %s", name, rate);
    }

    /** A builder with the {@link #defaults()} values. */
    public static GeneratorConfigBuilder builder() {
        return new GeneratorConfigBuilder();
    }

    /** The default config (seed 42, 100 000 orders, see {@link GeneratorConfigBuilder}). */
    public static GeneratorConfig defaults() {
        return builder().build();
    }

    /** A builder pre-filled with this config's values. */
    public GeneratorConfigBuilder toBuilder() {
        return new GeneratorConfigBuilder(this);
    }

    /** Orders per payment block: fits {@code 2 * (B * gap + bound) <= paymentWindow}, at most 100. */
    int paymentBlockSize() {
        long spare = paymentWindow.toMillis() - 2 * maxOutOfOrderness.toMillis();
        long b = spare / (2 * orderGap.toMillis());
        return (int) Math.min(MAX_PAYMENT_BLOCK, Math.max(0, b));
    }

    /** How far behind the running maximum a record must be to count as late: bound + allowed lateness. */
    public Duration lateness() {
        return maxOutOfOrderness.plus(allowedLateness);
    }

    /**
     * The payment rate the generator actually realises: payments are laid out per block of orders, so
     * the rate is rounded to a multiple of {@code 1 / blockSize} (1/100 with the defaults).
     */
    public double effectivePaymentRate() {
        int b = paymentBlockSize();
        return Math.round(paymentRate * b) / (double) b;
    }

    public long seed() {
        return seed;
    }
    public long orders() {
        return orders;
    }
    public double paymentRate() {
        return paymentRate;
    }
    public double retryRate() {
        return retryRate;
    }
    public int customers() {
        return customers;
    }
    public double customerChangeRate() {
        return customerChangeRate;
    }
    public Instant start() {
        return start;
    }
    public Duration orderGap() {
        return orderGap;
    }
    public Duration maxOutOfOrderness() {
        return maxOutOfOrderness;
    }
    public Duration allowedLateness() {
        return allowedLateness;
    }
    public Duration lateSpread() {
        return lateSpread;
    }
    public Duration paymentWindow() {
        return paymentWindow;
    }
    public double duplicateRate() {
        return duplicateRate;
    }
    public double lateRate() {
        return lateRate;
    }
    public double malformedJsonRate() {
        return malformedJsonRate;
    }
    public double missingFieldRate() {
        return missingFieldRate;
    }
    public double wrongTypeRate() {
        return wrongTypeRate;
    }

    /** Sum of the three malformed rates. */
    public double malformedRate() {
        return malformedJsonRate + missingFieldRate + wrongTypeRate;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof GeneratorConfig)) {
            return false;
        }
        GeneratorConfig c = (GeneratorConfig) o;
        return seed == c.seed && orders == c.orders && customers == c.customers
                && Double.compare(paymentRate, c.paymentRate) == 0
                && Double.compare(retryRate, c.retryRate) == 0
                && Double.compare(customerChangeRate, c.customerChangeRate) == 0
                && Double.compare(duplicateRate, c.duplicateRate) == 0
                && Double.compare(lateRate, c.lateRate) == 0
                && Double.compare(malformedJsonRate, c.malformedJsonRate) == 0
                && Double.compare(missingFieldRate, c.missingFieldRate) == 0
                && Double.compare(wrongTypeRate, c.wrongTypeRate) == 0
                && start.equals(c.start) && orderGap.equals(c.orderGap)
                && maxOutOfOrderness.equals(c.maxOutOfOrderness)
                && allowedLateness.equals(c.allowedLateness) && lateSpread.equals(c.lateSpread)
                && paymentWindow.equals(c.paymentWindow);
    }

    @Override
    public int hashCode() {
        return Objects.hash(seed, orders, customers, paymentRate, retryRate, customerChangeRate,
                duplicateRate, lateRate, malformedJsonRate, missingFieldRate, wrongTypeRate, start,
                orderGap, maxOutOfOrderness, allowedLateness, lateSpread, paymentWindow);
    }

    @Override
    public String toString() {
        return "GeneratorConfig{seed=" + seed + ", orders=" + orders + ", paymentRate=" + paymentRate
                + ", retryRate=" + retryRate + ", customers=" + customers + ", customerChangeRate="
                + customerChangeRate + ", start=" + start + ", orderGap=" + orderGap
                + ", maxOutOfOrderness=" + maxOutOfOrderness + ", allowedLateness=" + allowedLateness
                + ", lateSpread=" + lateSpread + ", paymentWindow=" + paymentWindow
                + ", duplicateRate=" + duplicateRate + ", lateRate=" + lateRate
                + ", malformedJsonRate=" + malformedJsonRate + ", missingFieldRate=" + missingFieldRate
                + ", wrongTypeRate=" + wrongTypeRate + '}';
    }
}
