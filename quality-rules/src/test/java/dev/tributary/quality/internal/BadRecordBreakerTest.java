package dev.tributary.quality.internal;

import dev.tributary.quality.api.BreakerPolicy;
import dev.tributary.quality.api.BreakerTrippedException;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The breaker: trips on bursts, not on scattered bad records; minimum volume; event-time window. */
class BadRecordBreakerTest {
    private static final long NO_TIME = Long.MIN_VALUE;

    private static BadRecordBreaker countBreaker() {
        return new BadRecordBreaker("orders",
                BreakerPolicy.builder().threshold(0.5).windowRecords(20).minRecords(10).build());
    }

    @Test
    void tripsOnABurstOfBadRecords() {
        BadRecordBreaker breaker = countBreaker();
        for (int i = 0; i < 100; i++) {
            breaker.record(NO_TIME, false);
        }
        for (int i = 0; i < 10; i++) {
            breaker.record(NO_TIME, true); // 10 of the last 20: at, not above, the threshold
        }

        assertThatThrownBy(() -> breaker.record(NO_TIME, true))
                .isInstanceOf(BreakerTrippedException.class)
                .hasMessageStartingWith("Quality breaker of dataset 'orders' tripped: 11 of the last 20 records (55.0%) "
                        + "were bad, above the threshold of 50.0%");
    }

    @Test
    void doesNotTripOnScatteredBadRecords() {
        BadRecordBreaker breaker = countBreaker();

        assertThatCode(() -> {
            for (int i = 0; i < 10_000; i++) {
                breaker.record(NO_TIME, i % 3 == 0); // a third bad, evenly spread
            }
        }).doesNotThrowAnyException();
        assertThat(breaker.countWindowSize()).isEqualTo(20);
    }

    @Test
    void needsTheMinimumVolumeBeforeTripping() {
        BadRecordBreaker breaker = countBreaker();
        for (int i = 0; i < 9; i++) {
            breaker.record(NO_TIME, true);
        }

        assertThatThrownBy(() -> breaker.record(NO_TIME, true)).isInstanceOf(BreakerTrippedException.class);
    }

    @Test
    void eventTimeWindowTripsOnABurstOnly() {
        BadRecordBreaker breaker = new BadRecordBreaker("orders", BreakerPolicy.builder()
                .threshold(0.5).eventTimeWindow(Duration.ofMinutes(1)).minRecords(5).build());
        long t = 1_700_000_000_000L;
        // An hour of traffic with one bad record in three, spread over time: never trips.
        assertThatCode(() -> {
            for (int s = 0; s < 3600; s += 10) {
                breaker.record(t + s * 1000L, true);
                breaker.record(t + s * 1000L + 1, false);
                breaker.record(t + s * 1000L + 2, false);
            }
        }).doesNotThrowAnyException();
        assertThat(breaker.timeWindowSize()).isBetween(18L, 21L); // only about the last minute is counted
        long burst = t + 3600_000L;

        // ~12 good and ~6 bad in the window: the 7th bad record of a burst makes 13 of 25 bad.
        assertThatThrownBy(() -> {
            for (int i = 0; i < 20; i++) {
                breaker.record(burst + i, true);
            }
        }).isInstanceOf(BreakerTrippedException.class)
                .hasMessageContaining("13 of the last PT1M of event time (52.0%) were bad");
    }

    @Test
    void recordsOlderThanTheEventTimeWindowAreIgnored() {
        BadRecordBreaker breaker = new BadRecordBreaker("orders", BreakerPolicy.builder()
                .threshold(0.5).eventTimeWindow(Duration.ofMinutes(1)).minRecords(1).build());
        breaker.record(10 * 60_000L, false);

        breaker.record(0L, true); // nine minutes late

        assertThat(breaker.timeWindowSize()).isEqualTo(1);
    }

    @Test
    void policyValidationSaysWhatToSet() {
        assertThatThrownBy(() -> BreakerPolicy.builder().windowRecords(10).build())
                .hasMessageContaining("threshold must be set");
        assertThatThrownBy(() -> BreakerPolicy.builder().threshold(0.1).build())
                .hasMessageContaining("windowRecords(n) and/or eventTimeWindow(duration)");
        assertThatThrownBy(() -> BreakerPolicy.builder().threshold(0.1).windowRecords(10).minRecords(11).build())
                .hasMessageContaining("could never trip");
    }
}
