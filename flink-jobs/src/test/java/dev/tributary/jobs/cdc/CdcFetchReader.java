package dev.tributary.jobs.cdc;

import dev.tributary.testing.Waiting;

import org.apache.flink.cdc.connectors.base.source.meta.offset.Offset;
import org.apache.flink.cdc.connectors.base.source.meta.split.SourceRecords;
import org.apache.flink.cdc.connectors.base.source.meta.split.StreamSplit;
import org.apache.flink.cdc.connectors.base.source.reader.external.IncrementalSourceStreamFetcher;
import org.apache.flink.cdc.connectors.base.utils.SourceRecordUtils;
import org.apache.flink.cdc.connectors.postgres.source.PostgresDialect;
import org.apache.flink.cdc.connectors.postgres.source.config.PostgresSourceConfig;
import org.apache.flink.cdc.connectors.postgres.source.fetch.PostgresStreamFetchTask;
import org.apache.flink.cdc.connectors.postgres.source.offset.PostgresOffset;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Flink CDC's stream reader without Flink's runtime, as its own {@code IncrementalSourceStreamFetcherTest}
 * drives it: the dialect's fetch task context and stream fetch task in an {@link
 * IncrementalSourceStreamFetcher}, every record kept in arrival order (heartbeats included), so a test
 * can see the offsets a checkpoint would store and restore one exactly.
 */
final class CdcFetchReader implements AutoCloseable {

    private final IncrementalSourceStreamFetcher fetcher;
    private final PostgresStreamFetchTask task;
    private final List<SourceRecord> records = new ArrayList<>();

    private CdcFetchReader(IncrementalSourceStreamFetcher fetcher, PostgresStreamFetchTask task) {
        this.fetcher = fetcher;
        this.task = task;
    }

    /** The unbounded stream split from {@code start}, as the enumerator makes it once snapshots are done. */
    static StreamSplit split(PostgresDialect dialect, PostgresSourceConfig config, Offset start) {
        return new StreamSplit(StreamSplit.STREAM_SPLIT_ID, start, PostgresOffset.NO_STOPPING_OFFSET, new ArrayList<>(),
                dialect.discoverDataCollectionSchemas(config), 0);
    }

    static CdcFetchReader start(PostgresDialect dialect, PostgresSourceConfig config, Offset start) {
        return start(dialect, config, split(dialect, config, start));
    }

    static CdcFetchReader start(PostgresDialect dialect, PostgresSourceConfig config, StreamSplit split) {
        IncrementalSourceStreamFetcher fetcher = new IncrementalSourceStreamFetcher(dialect.createFetchTaskContext(config), 0);
        PostgresStreamFetchTask task = (PostgresStreamFetchTask) dialect.createFetchTask(split);
        fetcher.submitTask(task);
        return new CdcFetchReader(fetcher, task);
    }

    /** The change record of row {@code id}, once read. */
    SourceRecord awaitChange(String id, Duration timeout) throws InterruptedException {
        return await(r -> SourceRecordUtils.isDataChangeRecord(r) && id.equals(rowId(r)), timeout, "the change of row " + id);
    }

    /**
     * A heartbeat after the commit of the transaction whose change is {@code change}: the offset a checkpoint
     * taken between it and the next transaction stores ({@code lsn} = {@code lsn_proc} = {@code lsn_commit}
     * = the end of its commit record, past the change).
     */
    SourceRecord awaitCommitBoundaryAfter(SourceRecord change, Duration timeout) throws InterruptedException {
        return await(r -> SourceRecordUtils.isHeartbeatEvent(r) && txId(r) == txId(change) && atCommitBoundary(r)
                && commitLsn(r) > lsn(change), timeout, "a heartbeat at the commit boundary after " + change.sourceOffset());
    }

    /** {@code lsn} = {@code lsn_proc} = {@code lsn_commit}: all Debezium stores after a COMMIT. */
    static boolean atCommitBoundary(SourceRecord record) {
        Map<String, ?> o = record.sourceOffset();
        return o.get("lsn_proc") != null && o.get("lsn_proc").equals(o.get("lsn_commit")) && o.get("lsn").equals(o.get("lsn_commit"));
    }

    static long commitLsn(SourceRecord record) {
        return ((Number) record.sourceOffset().get("lsn_commit")).longValue();
    }

    /** What {@code notifyCheckpointComplete} does for a checkpoint holding {@code offset}: the slot confirms its LSN. */
    void commitCheckpoint(Offset offset) {
        task.commitCurrentOffset(offset);
    }

    /** The row ids of the change records read so far, in order. */
    List<String> changeIds() {
        return changes(CdcFetchReader::rowId);
    }

    /** The LSNs of the change records read so far, in order. */
    List<Long> changeLsns() {
        return changes(CdcFetchReader::lsn);
    }

    private <T> List<T> changes(Function<SourceRecord, T> field) {
        List<T> out = new ArrayList<>();
        for (SourceRecord r : records) {
            if (SourceRecordUtils.isDataChangeRecord(r)) {
                out.add(field.apply(r));
            }
        }
        return out;
    }

    static long txId(SourceRecord record) {
        return ((Number) record.sourceOffset().get("txId")).longValue();
    }

    static long lsn(SourceRecord record) {
        return ((Number) record.sourceOffset().get("lsn")).longValue();
    }

    private static String rowId(SourceRecord record) {
        Struct after = ((Struct) record.value()).getStruct("after");
        return after == null ? null : after.getString("id");
    }

    private SourceRecord await(Predicate<SourceRecord> wanted, Duration timeout, String what) throws InterruptedException {
        SourceRecord[] found = new SourceRecord[1];
        try {
            Waiting.waitUntil(() -> {
                drain();
                found[0] = records.stream().filter(wanted).findFirst().orElse(null);
                return found[0] != null;
            }, timeout, what + " read");
        } catch (AssertionError e) {
            List<String> read = new ArrayList<>();
            for (SourceRecord r : records) {
                read.add((SourceRecordUtils.isDataChangeRecord(r) ? rowId(r) : r.topic()) + " " + r.sourceOffset());
            }
            throw new AssertionError(e.getMessage() + "; read: " + read, e);
        }
        return found[0];
    }

    private void drain() {
        try {
            Iterator<SourceRecords> batches = fetcher.pollSplitRecords(); // waits up to Debezium's poll interval
            while (batches != null && batches.hasNext()) {
                records.addAll(batches.next().getSourceRecordList());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        fetcher.close();
    }
}
