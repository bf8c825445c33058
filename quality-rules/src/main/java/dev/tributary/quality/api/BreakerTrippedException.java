package dev.tributary.quality.api;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Thrown, failing the job, when a dataset's breaker trips: too large a share of recent records was
 * bad, which usually means a catastrophic upstream failure rather than a few bad records.
 */
@PublicEvolving
public class BreakerTrippedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BreakerTrippedException(String message) {
        super(message);
    }
}
