package dev.tributary.demo.datagen;

import org.apache.flink.annotation.PublicEvolving;

import java.time.Duration;
import java.time.Instant;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * Builder of {@link GeneratorConfig}, pre-filled with the defaults below. Setters null-check and
 * return {@code this}; {@link #build()} validates values against each other and says what to change.
 *
 * <p>Defaults: seed 42; 100 000 orders; payment rate 0.85 (retry rate 0.10 of paid orders: a failed
 * then a captured payment); 1 000 customers, 10% of them change segment/country once or twice;
 * start 2026-01-05T00:00:00Z; order gap 2 s; max out-of-orderness 5 s; allowed lateness 1 min; late
 * spread 10 min; payment window 10 min; rates: duplicate 0.02, late 0.01, malformed JSON 0.004,
 * missing field 0.003, wrong type 0.003.
 */
@PublicEvolving
public final class GeneratorConfigBuilder {
    long seed = 42L;
    long orders = 100_000L;
    double paymentRate = 0.85;
    double retryRate = 0.10;
    int customers = 1_000;
    double customerChangeRate = 0.10;
    Instant start = Instant.parse("2026-01-05T00:00:00Z");
    Duration orderGap = Duration.ofSeconds(2);
    Duration maxOutOfOrderness = Duration.ofSeconds(5);
    Duration allowedLateness = Duration.ofMinutes(1);
    Duration lateSpread = Duration.ofMinutes(10);
    Duration paymentWindow = Duration.ofMinutes(10);
    double duplicateRate = 0.02;
    double lateRate = 0.01;
    double malformedJsonRate = 0.004;
    double missingFieldRate = 0.003;
    double wrongTypeRate = 0.003;

    GeneratorConfigBuilder() {}

    GeneratorConfigBuilder(GeneratorConfig c) {
        seed = c.seed;
        orders = c.orders;
        paymentRate = c.paymentRate;
        retryRate = c.retryRate;
        customers = c.customers;
        customerChangeRate = c.customerChangeRate;
        start = c.start;
        orderGap = c.orderGap;
        maxOutOfOrderness = c.maxOutOfOrderness;
        allowedLateness = c.allowedLateness;
        lateSpread = c.lateSpread;
        paymentWindow = c.paymentWindow;
        duplicateRate = c.duplicateRate;
        lateRate = c.lateRate;
        malformedJsonRate = c.malformedJsonRate;
        missingFieldRate = c.missingFieldRate;
        wrongTypeRate = c.wrongTypeRate;
    }

    /** The seed; different seeds give different data. */
    public GeneratorConfigBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Number of order events emitted (every kind included). */
    public GeneratorConfigBuilder orders(long orders) {
        this.orders = orders;
        return this;
    }

    /** Probability that an order gets at least one payment (rounded to the payment block, 1/100). */
    public GeneratorConfigBuilder paymentRate(double rate) {
        this.paymentRate = rate;
        return this;
    }

    /** Fraction of paid orders whose first payment fails and a second one is captured. */
    public GeneratorConfigBuilder retryRate(double rate) {
        this.retryRate = rate;
        return this;
    }

    /** Number of customers orders are drawn from. */
    public GeneratorConfigBuilder customers(int customers) {
        this.customers = customers;
        return this;
    }

    /** Fraction of customers with scripted segment/country changes during the order span. */
    public GeneratorConfigBuilder customerChangeRate(double rate) {
        this.customerChangeRate = rate;
        return this;
    }

    /** Event time of the first order slot. */
    public GeneratorConfigBuilder start(Instant start) {
        this.start = checkNotNull(start, "start");
        return this;
    }

    /** Event-time distance between consecutive order slots (at least 1 ms). */
    public GeneratorConfigBuilder orderGap(Duration gap) {
        this.orderGap = checkNotNull(gap, "orderGap");
        return this;
    }

    /** Bound of arrival disorder: on-time events are never further behind the running max. */
    public GeneratorConfigBuilder maxOutOfOrderness(Duration bound) {
        this.maxOutOfOrderness = checkNotNull(bound, "maxOutOfOrderness");
        return this;
    }

    /** Allowed lateness on top of the bound; late events are further behind than both together. */
    public GeneratorConfigBuilder allowedLateness(Duration lateness) {
        this.allowedLateness = checkNotNull(lateness, "allowedLateness");
        return this;
    }

    /** Late events are behind by lateness plus a uniform extra in [0, spread]. */
    public GeneratorConfigBuilder lateSpread(Duration spread) {
        this.lateSpread = checkNotNull(spread, "lateSpread");
        return this;
    }

    /** A payment's event time lies in (order time, order time + window). */
    public GeneratorConfigBuilder paymentWindow(Duration window) {
        this.paymentWindow = checkNotNull(window, "paymentWindow");
        return this;
    }

    public GeneratorConfigBuilder duplicateRate(double rate) {
        this.duplicateRate = rate;
        return this;
    }

    public GeneratorConfigBuilder lateRate(double rate) {
        this.lateRate = rate;
        return this;
    }

    public GeneratorConfigBuilder malformedJsonRate(double rate) {
        this.malformedJsonRate = rate;
        return this;
    }

    public GeneratorConfigBuilder missingFieldRate(double rate) {
        this.missingFieldRate = rate;
        return this;
    }

    public GeneratorConfigBuilder wrongTypeRate(double rate) {
        this.wrongTypeRate = rate;
        return this;
    }

    /** Sets the three malformed rates to a third of {@code total} each. */
    public GeneratorConfigBuilder malformedRate(double total) {
        this.malformedJsonRate = total / 3;
        this.missingFieldRate = total / 3;
        this.wrongTypeRate = total / 3;
        return this;
    }

    /** Sets every disorder/defect rate to zero: clean, in-order-within-bound data. */
    public GeneratorConfigBuilder clean() {
        return duplicateRate(0).lateRate(0).malformedRate(0);
    }

    /**
     * Builds the config.
     *
     * @throws IllegalArgumentException if a value is out of range or the values do not fit together
     */
    public GeneratorConfig build() {
        return new GeneratorConfig(this);
    }
}
