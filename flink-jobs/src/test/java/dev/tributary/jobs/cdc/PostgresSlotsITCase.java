package dev.tributary.jobs.cdc;

import dev.tributary.testing.PostgresTestServer;
import dev.tributary.testing.Waiting;

import org.apache.flink.metrics.Gauge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Slot hygiene against a real PostgreSQL: the lag gauge moves as WAL is written behind the slot, the
 * server's default unbounded WAL retention is warned about, and dropping retires the slot and its
 * publication (refused while a replication connection uses the slot).
 */
class PostgresSlotsITCase {

    @RegisterExtension static final PostgresTestServer POSTGRES = new PostgresTestServer();

    /**
     * The writes commit asynchronously ({@code synchronous_commit = off}, zonky's server default and a common
     * production setting): they reach the WAL write position ({@code pg_current_wal_lsn()}) only when the WAL
     * writer runs, so a gauge on that position read 0 right after them whenever the writer was late (under
     * load: the full suite; here the write position trailed the insert position by up to 7 KB). The gauge
     * reads the insert position, and the test polls it with a deadline instead of reading once.
     */
    @Test
    void lagMovesUnboundedRetentionIsWarnedAndDropRemovesSlotAndPublication() throws Exception {
        CdcTestData.createTable(POSTGRES, "cust_slot");
        PostgresCdcSourceConfig config = CdcTestData.config(POSTGRES, "cust_slot", "hygiene_slot");
        POSTGRES.execute("SELECT pg_create_logical_replication_slot('hygiene_slot', 'pgoutput')",
                "CREATE PUBLICATION hygiene_slot_pub FOR TABLE cust_slot");
        Gauge<Long> gauge = new PostgresSlotLag(config).gauge(Duration.ZERO);
        long before = gauge.getValue();

        POSTGRES.execute("SET synchronous_commit = off",
                CdcTestData.insert("cust_slot", "c-1", "retail", "FR", "2026-01-01T00:00:00Z"),
                "UPDATE cust_slot SET segment = 'smb'");

        assertThat(before).isNotNegative();
        // Polled: a reading right after the writes sometimes still lacked them (a few hundred bytes, for ~100 ms).
        Waiting.waitUntil(() -> gauge.getValue() > before, Duration.ofSeconds(30), "the slot lag grew past " + before);
        assertThat(new PostgresSlots(config).unboundedWalWarning()).hasValueSatisfying(w -> assertThat(w)
                .contains("max_slot_wal_keep_size = -1").contains("'hygiene_slot'").contains("cdc drop-slot"));

        assertThat(new PostgresSlots(config).drop()).isEqualTo(PostgresSlots.Dropped.SLOT_AND_PUBLICATION);
        assertThat(POSTGRES.query("SELECT 1 FROM pg_replication_slots WHERE slot_name = 'hygiene_slot'")).isEmpty();
        assertThat(POSTGRES.query("SELECT 1 FROM pg_publication WHERE pubname = 'hygiene_slot_pub'")).isEmpty();
        Waiting.waitUntil(() -> gauge.getValue() == -1L, Duration.ofSeconds(30), "the gauge reads -1 without a slot");
        assertThat(new PostgresSlots(config).drop()).isEqualTo(PostgresSlots.Dropped.NO_SLOT);
    }

    @Test
    void anActiveSlotIsNotDropped() throws Exception {
        CdcTestData.createTable(POSTGRES, "cust_active");
        PostgresCdcSourceConfig config = CdcTestData.config(POSTGRES, "cust_active", "active_slot");
        POSTGRES.execute("SELECT pg_create_logical_replication_slot('active_slot', 'pgoutput')");
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", POSTGRES.user());
        props.setProperty("password", POSTGRES.password());
        props.setProperty("replication", "database");
        props.setProperty("assumeMinServerVersion", "9.4");
        props.setProperty("preferQueryMode", "simple");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(POSTGRES.jdbcUrl(), props)) {
            org.postgresql.replication.PGReplicationStream stream = c.unwrap(org.postgresql.PGConnection.class)
                    .getReplicationAPI().replicationStream().logical().withSlotName("active_slot")
                    .withSlotOption("proto_version", 1).withSlotOption("publication_names", "none").start();
            try {
                assertThatThrownBy(() -> new PostgresSlots(config).drop())
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("in use by a running job");
            } finally {
                stream.close();
            }
        }
        POSTGRES.dropReplicationSlot("active_slot");
    }
}
