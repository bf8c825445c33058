package dev.tributary.jobs.cdc;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.metrics.Gauge;

import javax.annotation.Nullable;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * How much WAL a CDC job's replication slot holds back: the bytes between the server's current WAL
 * insert position ({@code pg_current_wal_insert_lsn()}) and the slot's {@code confirmed_flush_lsn}, the last LSN the
 * job confirmed on a completed checkpoint. PostgreSQL cannot recycle that WAL, so a lag that only grows
 * means the job is down, failing, or not checkpointing, and the server's disk will fill
 * (see {@link PostgresCdcSources}, "WAL retention trap").
 *
 * <p>Use {@link #lagBytes()} from monitoring, or register {@link #gauge(Duration)} as a Flink metric.
 * Queries open a short-lived connection with the source's credentials (never logged).
 */
@PublicEvolving
public final class PostgresSlotLag {

    // The insert position, not pg_current_wal_lsn() (the write position): with synchronous_commit=off,
    // common for throughput (and zonky's default), committed changes reach the write position only when the
    // WAL writer runs (200 ms, seconds under load): the lag read 0 right after writes behind the slot.
    private static final String QUERY = "SELECT active, pg_wal_lsn_diff(pg_current_wal_insert_lsn(), confirmed_flush_lsn)::bigint"
            + " AS lag, pg_wal_lsn_diff(pg_current_wal_insert_lsn(), restart_lsn)::bigint AS retained"
            + " FROM pg_replication_slots WHERE slot_name = ?";

    private final PostgresCdcSourceConfig config;

    public PostgresSlotLag(PostgresCdcSourceConfig config) {
        this.config = config;
    }

    /** One reading of the slot. */
    @PublicEvolving
    public static final class Reading {
        public final boolean active;
        /** Bytes of WAL written after the slot's confirmed LSN. */
        public final long lagBytes;
        /** Bytes of WAL the server retains for the slot (from its restart LSN). */
        public final long retainedBytes;

        Reading(boolean active, long lagBytes, long retainedBytes) {
            this.active = active;
            this.lagBytes = lagBytes;
            this.retainedBytes = retainedBytes;
        }

        @Override
        public String toString() {
            return "slot{active=" + active + ", lagBytes=" + lagBytes + ", retainedBytes=" + retainedBytes + "}";
        }
    }

    /** Reads the slot; empty if the slot does not exist (yet: the source creates it on start). */
    public Optional<Reading> read() throws SQLException {
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.username(), config.password());
                PreparedStatement s = c.prepareStatement(QUERY)) {
            s.setString(1, config.slotName());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Reading(rs.getBoolean(1), rs.getLong(2), rs.getLong(3)));
            }
        }
    }

    /** Bytes between the current WAL position and the slot's confirmed LSN; empty if there is no slot. */
    public Optional<Long> lagBytes() throws SQLException {
        return read().map(r -> r.lagBytes);
    }

    /**
     * A gauge reporting {@link #lagBytes()} (-1 when unknown), querying at most once per {@code
     * minInterval} so metric reporters cannot flood the server.
     */
    public Gauge<Long> gauge(Duration minInterval) {
        return new LagGauge(this, minInterval.toNanos());
    }

    private static final class LagGauge implements Gauge<Long> {
        private final PostgresSlotLag lag;
        private final long minIntervalNanos;
        private long lastNanos;
        @Nullable private Long last;

        LagGauge(PostgresSlotLag lag, long minIntervalNanos) {
            this.lag = lag;
            this.minIntervalNanos = minIntervalNanos;
        }

        @Override
        public synchronized Long getValue() {
            long now = System.nanoTime();
            if (last == null || now - lastNanos >= minIntervalNanos) {
                lastNanos = now;
                try {
                    last = lag.lagBytes().orElse(-1L);
                } catch (SQLException e) {
                    last = -1L;
                }
            }
            return last;
        }
    }
}
