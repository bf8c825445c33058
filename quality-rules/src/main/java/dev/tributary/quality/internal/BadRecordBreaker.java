package dev.tributary.quality.internal;

import dev.tributary.quality.api.BreakerPolicy;
import dev.tributary.quality.api.BreakerTrippedException;

import org.apache.flink.annotation.Internal;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tracks the share of bad records of one dataset over a sliding window of the last N records and/or
 * the last T of event time, and trips ({@link BreakerTrippedException}) once the share exceeds the
 * policy's threshold with at least its minimum volume in the window. Plain Java: usable in tests and
 * inside the quality operator, one instance per parallel subtask.
 *
 * <p>The event-time window slides with the largest event time seen, in 20 buckets; records older
 * than the window (very late) are ignored by it. The state is not checkpointed: after a restore the
 * breaker starts counting afresh, which can only delay a trip, never cause a spurious one.
 */
@Internal
public final class BadRecordBreaker {
    private static final int BUCKETS = 20;

    private final String dataset;
    private final BreakerPolicy policy;

    // Count window: a ring of the last N outcomes.
    private final boolean[] ring;
    private int ringNext;
    private long ringSize;
    private long ringBad;

    // Event-time window: bucket start -> {total, bad}.
    private final long bucketMillis;
    private final long windowMillis;
    private final TreeMap<Long, long[]> buckets = new TreeMap<>();
    private long maxEventTime = Long.MIN_VALUE;
    private long timeTotal;
    private long timeBad;

    public BadRecordBreaker(String dataset, BreakerPolicy policy) {
        this.dataset = dataset;
        this.policy = policy;
        this.ring = new boolean[policy.windowRecords()];
        Duration w = policy.eventTimeWindow();
        this.windowMillis = w == null ? 0 : w.toMillis();
        this.bucketMillis = Math.max(1, windowMillis / BUCKETS);
    }

    /**
     * Records one outcome.
     *
     * @param eventTime the record's event time, or {@code Long.MIN_VALUE} when it has none (then
     *     only the count window sees it)
     * @param bad whether the record failed a DROP or QUARANTINE rule
     * @throws BreakerTrippedException when the breaker trips
     */
    public void record(long eventTime, boolean bad) {
        if (ring.length > 0) {
            if (ringSize == ring.length) {
                if (ring[ringNext]) {
                    ringBad--;
                }
            } else {
                ringSize++;
            }
            ring[ringNext] = bad;
            ringNext = (ringNext + 1) % ring.length;
            if (bad) {
                ringBad++;
            }
            check(ringBad, ringSize, "last " + ringSize + " records");
        }
        if (windowMillis > 0 && eventTime != Long.MIN_VALUE) {
            recordInTime(eventTime, bad);
            check(timeBad, timeTotal, "last " + policy.eventTimeWindow() + " of event time");
        }
    }

    private void recordInTime(long eventTime, boolean bad) {
        maxEventTime = Math.max(maxEventTime, eventTime);
        long oldestKept = maxEventTime - windowMillis;
        while (!buckets.isEmpty() && buckets.firstKey() + bucketMillis <= oldestKept) {
            Map.Entry<Long, long[]> e = buckets.pollFirstEntry();
            timeTotal -= e.getValue()[0];
            timeBad -= e.getValue()[1];
        }
        long start = eventTime - Math.floorMod(eventTime, bucketMillis);
        if (start + bucketMillis <= oldestKept) {
            return; // older than the window
        }
        long[] counts = buckets.computeIfAbsent(start, k -> new long[2]);
        counts[0]++;
        timeTotal++;
        if (bad) {
            counts[1]++;
            timeBad++;
        }
    }

    private void check(long bad, long total, String window) {
        if (total >= policy.minRecords() && bad > policy.threshold() * total) {
            throw new BreakerTrippedException(String.format(
                    "Quality breaker of dataset '%s' tripped: %d of the %s (%.1f%%) were bad, above the "
                            + "threshold of %.1f%% (policy: %s). This usually means an upstream failure: "
                            + "check the source before restarting, or relax the dataset's breaker.",
                    dataset, bad, window, 100.0 * bad / total, 100.0 * policy.threshold(), policy));
        }
    }

    /** Records in the count window (for tests). */
    long countWindowSize() {
        return ringSize;
    }

    /** Records in the event-time window (for tests). */
    long timeWindowSize() {
        return timeTotal;
    }
}
