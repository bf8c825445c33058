package dev.tributary.quality.api;

import org.apache.flink.annotation.PublicEvolving;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * When a dataset's breaker trips: the share of bad records (those that failed a DROP or QUARANTINE
 * rule) over a sliding window exceeds {@link #threshold()}, and the window holds at least {@link
 * #minRecords()} records. The window is the last {@link #windowRecords()} records, or the last
 * {@link #eventTimeWindow()} of event time, or both (either may trip).
 *
 * <p>The breaker is evaluated per parallel subtask, so {@code minRecords} applies per subtask.
 */
@PublicEvolving
public final class BreakerPolicy implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double threshold;
    private final long minRecords;
    private final int windowRecords;
    @Nullable private final Duration eventTimeWindow;

    private BreakerPolicy(double threshold, long minRecords, int windowRecords, @Nullable Duration eventTimeWindow) {
        this.threshold = threshold;
        this.minRecords = minRecords;
        this.windowRecords = windowRecords;
        this.eventTimeWindow = eventTimeWindow;
    }

    /** Starts a policy builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Share of bad records in (0, 1] above which the breaker trips. */
    public double threshold() {
        return threshold;
    }

    /** Records the window must hold before the breaker may trip. */
    public long minRecords() {
        return minRecords;
    }

    /** Size of the count-based sliding window, or 0 when not used. */
    public int windowRecords() {
        return windowRecords;
    }

    /** Length of the event-time sliding window, or null when not used. */
    @Nullable
    public Duration eventTimeWindow() {
        return eventTimeWindow;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BreakerPolicy)) {
            return false;
        }
        BreakerPolicy p = (BreakerPolicy) o;
        return threshold == p.threshold && minRecords == p.minRecords && windowRecords == p.windowRecords
                && Objects.equals(eventTimeWindow, p.eventTimeWindow);
    }

    @Override
    public int hashCode() {
        return Objects.hash(threshold, minRecords, windowRecords, eventTimeWindow);
    }

    @Override
    public String toString() {
        return "bad share > " + threshold + " over "
                + (windowRecords > 0 ? "last " + windowRecords + " records" : "")
                + (windowRecords > 0 && eventTimeWindow != null ? " or " : "")
                + (eventTimeWindow != null ? "last " + eventTimeWindow + " of event time" : "")
                + " (min " + minRecords + " records)";
    }

    /** Builder for {@link BreakerPolicy}. */
    @PublicEvolving
    public static final class Builder {
        private double threshold = -1;
        private long minRecords = 100;
        private int windowRecords;
        @Nullable private Duration eventTimeWindow;

        private Builder() {}

        /** Trip when more than this share (0 &lt; share &lt;= 1) of the window is bad. Required. */
        public Builder threshold(double share) {
            this.threshold = share;
            return this;
        }

        /** Minimum records in the window before tripping; default 100. */
        public Builder minRecords(long records) {
            this.minRecords = records;
            return this;
        }

        /** Slide over the last {@code records} records. */
        public Builder windowRecords(int records) {
            this.windowRecords = records;
            return this;
        }

        /** Slide over the last {@code window} of event time. */
        public Builder eventTimeWindow(Duration window) {
            this.eventTimeWindow = checkNotNull(window, "eventTimeWindow");
            return this;
        }

        /** Validates and builds; messages say what to set. */
        public BreakerPolicy build() {
            checkArgument(threshold > 0 && threshold <= 1,
                    "breaker threshold must be set to a share in (0, 1], got %s", threshold);
            checkArgument(minRecords >= 1, "breaker minRecords must be >= 1, got %s", minRecords);
            checkArgument(windowRecords > 0 || eventTimeWindow != null,
                    "breaker needs windowRecords(n) and/or eventTimeWindow(duration)");
            checkArgument(windowRecords >= 0, "breaker windowRecords must be >= 0");
            checkArgument(windowRecords == 0 || minRecords <= windowRecords,
                    "breaker minRecords (%s) must not exceed windowRecords (%s): it could never trip",
                    minRecords, windowRecords);
            checkArgument(eventTimeWindow == null || !eventTimeWindow.isNegative() && !eventTimeWindow.isZero(),
                    "breaker eventTimeWindow must be positive");
            return new BreakerPolicy(threshold, minRecords, windowRecords, eventTimeWindow);
        }
    }
}
