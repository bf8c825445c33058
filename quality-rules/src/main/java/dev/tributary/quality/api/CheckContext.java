package dev.tributary.quality.api;

import org.apache.flink.annotation.PublicEvolving;

import java.time.Instant;

/**
 * Inputs to a per-record check that do not come from the record. Passed in explicitly so that
 * checks are deterministic in tests: inside Flink, "now" is the record's ingestion time.
 */
@PublicEvolving
public interface CheckContext {

    /** The reference "now" in epoch milliseconds, used by freshness rules. */
    long nowMillis();

    /** A context whose "now" is fixed. */
    static CheckContext at(Instant now) {
        long millis = now.toEpochMilli();
        return () -> millis;
    }

    /** A context whose "now" is fixed, in epoch milliseconds. */
    static CheckContext atMillis(long nowMillis) {
        return () -> nowMillis;
    }
}
