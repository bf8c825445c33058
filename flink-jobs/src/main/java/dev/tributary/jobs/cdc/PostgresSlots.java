package dev.tributary.jobs.cdc;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.Configuration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;

/**
 * Replication slot housekeeping for a CDC source: retiring a pipeline (drop its slot and publication,
 * so the server stops retaining WAL for it) and the server setting that bounds what a forgotten slot can
 * retain ({@code max_slot_wal_keep_size}). Connections use the source's credentials, never logged.
 */
@PublicEvolving
public final class PostgresSlots {

    private final PostgresCdcSourceConfig config;

    public PostgresSlots(PostgresCdcSourceConfig config) {
        this.config = config;
    }

    /** A source's options as written in a pipeline definition ({@code hostname}, {@code slot-name}, ...). */
    public static PostgresCdcSourceConfig config(Map<String, String> options, Map<String, String> env) {
        Configuration conf = new Configuration();
        options.forEach((k, v) -> conf.setString("source.postgres." + k, v));
        return PostgresCdcSourceConfig.fromConfiguration(conf, env);
    }

    /** What {@link #drop()} did. */
    @PublicEvolving
    public enum Dropped {
        SLOT_AND_PUBLICATION, NO_SLOT
    }

    /**
     * Drops the slot and the publication. Refuses while a job still reads the slot (it is active): stop
     * the job first, otherwise it would fail and, restarted, recreate the slot at the current WAL position
     * and miss every change in between.
     *
     * @throws IllegalStateException if the slot is active
     */
    public Dropped drop() throws SQLException {
        try (Connection c = connect()) {
            Boolean active = null;
            try (PreparedStatement s = c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
                s.setString(1, config.slotName());
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        active = rs.getBoolean(1);
                    }
                }
            }
            if (Boolean.TRUE.equals(active)) {
                throw new IllegalStateException("replication slot '" + config.slotName() + "' is in use by a running job;"
                        + " stop the job first (tributary stop --pipeline ...)");
            }
            if (active != null) {
                try (PreparedStatement s = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
                    s.setString(1, config.slotName());
                    s.execute();
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("DROP PUBLICATION IF EXISTS \"" + config.publicationName().replace("\"", "\"\"") + "\"");
            }
            return active == null ? Dropped.NO_SLOT : Dropped.SLOT_AND_PUBLICATION;
        }
    }

    /**
     * A warning when the server lets a slot retain WAL without bound ({@code max_slot_wal_keep_size = -1},
     * PostgreSQL's default): a job that stays down then fills the server's disk. Empty when bounded.
     */
    public Optional<String> unboundedWalWarning() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT setting FROM pg_settings WHERE name = 'max_slot_wal_keep_size'")) {
            if (rs.next() && "-1".equals(rs.getString(1).trim())) {
                return Optional.of("PostgreSQL at " + config.hostname() + ":" + config.port() + " has max_slot_wal_keep_size = -1:"
                        + " replication slot '" + config.slotName() + "' retains WAL without bound while the job is down"
                        + " (disk fills). Set a limit, e.g. ALTER SYSTEM SET max_slot_wal_keep_size = '10GB'; SELECT pg_reload_conf();"
                        + " watch the slot lag, and retire pipelines with 'tributary cdc drop-slot'");
            }
            return Optional.empty();
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(config.jdbcUrl(), config.username(), config.password());
    }
}
