package dev.tributary.jobs.cdc;

import dev.tributary.testing.PostgresTestServer;

import org.apache.flink.cdc.connectors.base.source.meta.split.StreamSplit;
import org.apache.flink.cdc.connectors.postgres.source.PostgresDialect;
import org.apache.flink.cdc.connectors.postgres.source.config.PostgresSourceConfig;
import org.apache.flink.cdc.connectors.postgres.source.offset.PostgresOffset;
import org.apache.flink.cdc.debezium.JsonDebeziumDeserializationSchema;

import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FLINK-39265 reproduced deterministically on a real PostgreSQL, below Flink's runtime: Flink CDC's own
 * stream reader (dialect, fetch task context, {@code IncrementalSourceStreamFetcher}) reads a change A,
 * idles, and its heartbeat carries the offset a checkpoint taken there stores ({@code lsn} = {@code
 * lsn_proc} = {@code lsn_commit} = Y, the end of A's commit record). The next transaction B is committed
 * so that its first WAL record starts at Y (checked on the LSNs the reader reports; a background WAL
 * record in between makes the test try a new pair A, B). The reader is then dropped ("killed") after the
 * slot confirmed that checkpoint's LSN, and a new reader restores the stored offset:
 *
 * <pre>
 *   w ─ A ─ heartbeat{lsn=lsn_proc=lsn_commit=Y} (the checkpoint) ─ B at LSN Y ─ kill ─ restore ─ C
 *     stock Flink CDC 3.5.0: C only (B "identified as already processed")
 *     with CommitBoundaryOffsets: B, C, each once (A not repeated)
 * </pre>
 *
 * <p>The price, also pinned here: when A's own change sits at the previous commit's end, the checkpoint
 * taken right after that change (inside A) stores the very same three LSNs, and from it A is read again
 * (bronze's dedupe key {@code key + _lsn + _op} drops the repeat); stock Flink CDC does not repeat it.
 * The stock tests document the upstream defect: when a Flink CDC upgrade makes the first one fail (B
 * delivered), the upgrade carries the fix and {@link CommitBoundaryOffsets} can go.
 */
class CommitBoundaryResumeITCase {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int LAYOUT_ATTEMPTS = 5;

    @RegisterExtension static final PostgresTestServer POSTGRES = new PostgresTestServer();

    @Test
    void aRestoreAtACommitBoundaryDeliversTheNextChangeOnce() throws Exception {
        Restore restore = killAndRestore("cb_fixed", CommitBoundaryPostgresDialect::new, false);

        assertThat(restore.changesAfterRestore).as("changes read after the restore").containsExactly(restore.b, "c");
        assertThat(restore.lsnsAfterRestore.get(0)).as("B's LSN, as read before the kill").isEqualTo(restore.bLsn);
    }

    @Test
    void stockFlinkCdcSkipsTheFirstChangeAfterTheBoundary() throws Exception {
        Restore restore = killAndRestore("cb_stock", PostgresDialect::new, false);

        assertThat(restore.changesAfterRestore).as("stock Flink CDC 3.5.0 after the restore (FLINK-39265)")
                .containsExactly("c");
    }

    @Test
    void aRestoreInsideATransactionWithTheSameOffsetRepeatsThatTransaction() throws Exception {
        Restore restore = killAndRestore("cb_twin", CommitBoundaryPostgresDialect::new, true);

        assertThat(restore.changesAfterRestore).containsExactly(restore.a, restore.b, "c");
        assertThat(restore.lsnsAfterRestore.subList(0, 2)).containsExactly(restore.aLsn, restore.bLsn);
    }

    @Test
    void stockFlinkCdcDoesNotRepeatIt() throws Exception {
        Restore restore = killAndRestore("cb_twin_stock", PostgresDialect::new, true);

        assertThat(restore.changesAfterRestore).containsExactly(restore.b, "c");
    }

    /**
     * Reads w, then pairs A, B until B starts at A's commit end and A's change at the previous commit's
     * end; kills the reader after the slot confirmed the checkpoint's offset (the heartbeat after A's commit,
     * or with {@code insideA} A's own change record) and restores that offset in a new reader, which reads C.
     */
    private static Restore killAndRestore(String name, Function<PostgresSourceConfig, PostgresDialect> dialects, boolean insideA)
            throws Exception {
        POSTGRES.execute("CREATE TABLE " + name + " (id TEXT PRIMARY KEY, v TEXT)",
                "CREATE PUBLICATION " + name + "_pub FOR TABLE " + name,
                "SELECT pg_create_logical_replication_slot('" + name + "', 'pgoutput')");
        PostgresCdcSourceConfig config = PostgresCdcSourceConfig.builder()
                .hostname(POSTGRES.host()).port(POSTGRES.port()).database(POSTGRES.database())
                .tables(List.of("public." + name)).username(POSTGRES.user()).password(POSTGRES.password())
                .slotName(name).publicationName(name + "_pub").heartbeatInterval(Duration.ofMillis(100))
                .build();
        PostgresSourceConfig sourceConfig =
                PostgresCdcSources.builder(config, new JsonDebeziumDeserializationSchema()).getConfigFactory().create(0);
        PostgresDialect dialect = dialects.apply(sourceConfig);
        try {
            Restore restore = new Restore();
            SourceRecord checkpointed = null;
            try (CdcFetchReader killed = CdcFetchReader.start(dialect, sourceConfig, dialect.displayCurrentOffset(sourceConfig))) {
                insert(name, "w");
                long previousCommitEnd = CdcFetchReader.commitLsn(killed.awaitCommitBoundaryAfter(killed.awaitChange("w", TIMEOUT), TIMEOUT));
                List<String> layouts = new ArrayList<>();
                for (int attempt = 1; attempt <= LAYOUT_ATTEMPTS && checkpointed == null; attempt++) {
                    String a = "a" + attempt;
                    String b = "b" + attempt;
                    insert(name, a);
                    SourceRecord aChange = killed.awaitChange(a, TIMEOUT);
                    SourceRecord boundary = killed.awaitCommitBoundaryAfter(aChange, TIMEOUT);
                    insert(name, b);
                    SourceRecord bChange = killed.awaitChange(b, TIMEOUT);
                    long commitEnd = CdcFetchReader.commitLsn(boundary);
                    layouts.add(a + "@" + CdcFetchReader.lsn(aChange) + " after " + previousCommitEnd + ", " + b + "@"
                            + CdcFetchReader.lsn(bChange) + " after " + commitEnd);
                    if (CdcFetchReader.lsn(bChange) == commitEnd && CdcFetchReader.lsn(aChange) == previousCommitEnd) {
                        assertThat(CdcFetchReader.atCommitBoundary(aChange)).as("A's change has the boundary's shape").isTrue();
                        checkpointed = insideA ? aChange : boundary;
                        restore.a = a;
                        restore.aLsn = CdcFetchReader.lsn(aChange);
                        restore.b = b;
                        restore.bLsn = CdcFetchReader.lsn(bChange);
                    }
                    previousCommitEnd = CdcFetchReader.commitLsn(killed.awaitCommitBoundaryAfter(bChange, TIMEOUT));
                }
                assertThat(checkpointed).as("transactions starting right at the previous commit's end, in "
                        + LAYOUT_ATTEMPTS + " attempts: " + layouts).isNotNull();
                killed.commitCheckpoint(PostgresOffset.of(checkpointed)); // notifyCheckpointComplete of that checkpoint
            }
            StreamSplit restored = CdcFetchReader.split(dialect, sourceConfig, PostgresOffset.of(checkpointed));
            try (CdcFetchReader reader = CdcFetchReader.start(dialect, sourceConfig, restored)) {
                insert(name, "c");
                reader.awaitChange("c", TIMEOUT);
                restore.changesAfterRestore = reader.changeIds();
                restore.lsnsAfterRestore = reader.changeLsns();
            }
            return restore;
        } finally {
            POSTGRES.dropReplicationSlot(name);
            POSTGRES.execute("DROP PUBLICATION IF EXISTS " + name + "_pub");
        }
    }

    private static void insert(String table, String id) throws Exception {
        POSTGRES.execute("INSERT INTO " + table + " VALUES ('" + id + "', 'value of " + id + "')");
    }

    /** What the restored reader read, and the changes around the checkpoint. */
    private static final class Restore {
        String a;
        long aLsn;
        String b;
        long bLsn;
        List<String> changesAfterRestore = new ArrayList<>();
        List<Long> lsnsAfterRestore = new ArrayList<>();
    }
}
