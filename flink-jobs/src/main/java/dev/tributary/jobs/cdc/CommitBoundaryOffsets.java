package dev.tributary.jobs.cdc;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.cdc.connectors.base.source.meta.split.SourceSplitBase;
import org.apache.flink.cdc.connectors.base.source.meta.split.StreamSplit;
import org.apache.flink.cdc.connectors.postgres.source.offset.PostgresOffset;

import io.debezium.connector.postgresql.PostgresOffsetContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Rewrites a restored stream split's starting offset so that Debezium cannot skip the first change
 * committed after it (FLINK-39265, present in Flink CDC 3.5.0 with Debezium 1.9.8).
 *
 * <p><b>The defect.</b> After a COMMIT at Y (the end of its commit record), Debezium's offset holds {@code
 * lsn} = {@code lsn_proc} = {@code lsn_commit} = Y ({@code PostgresOffsetContext.updateCommitPosition},
 * {@code SourceInfo.updateLastCommit} also moves {@code lsn}); a heartbeat carries it into the split
 * state, so a checkpoint taken between two transactions stores it, and the slot confirms Y. On restore
 * Flink CDC's copy of {@code PostgresStreamingChangeEventSource.execute} (line 159) builds {@code
 * WalPositionLocator(lastCommitLsn = Y, lastEventStoredLsn = lsn_proc = Y)} and streams from Y. pgoutput
 * sends the next transaction's BEGIN and first change at that transaction's first WAL record, which is Y
 * itself whenever nothing else was logged in between. Debezium 1.9.8's {@code
 * WalPositionLocator.resumeFromLsn} (lines 69-84) takes the change at Y for the stored event, resumes at
 * the following LSN, and {@code skipMessage} drops the change ("identified as already processed"): the
 * first change after the restore is lost, silently, whenever the WAL layout allows.
 *
 * <p><b>The rewrite.</b> A commit-boundary offset ({@code lsn_proc} = {@code lsn_commit} = Y) says "every
 * transaction committed up to Y is done". It goes to Debezium with {@code lsn_proc} = Y - 1 (the loader
 * overwrites {@code lsn} with {@code lsn_commit}, so {@code lsn_proc} is the only way to name the last
 * event): the locator then waits for an event at Y - 1, which cannot exist (it lies inside the commit
 * record ending at Y), so it resumes at the BEGIN of the first transaction committed after Y, and that
 * whole transaction passes. The server still skips everything committed before Y (it decodes
 * from the slot and sends transactions whose commit starts at or after the requested LSN). Offsets stored
 * inside a transaction ({@code lsn_proc} = the last change's LSN) are left as they are, except the one
 * Debezium stores identically: after a transaction's first change when that change starts exactly at the
 * previous commit's end; from it the transaction is read again, and bronze's dedupe key ({@code key +
 * _lsn + _op}) drops the repeats. A repeat instead of a loss: the offset cannot tell the two apart. Remove this class
 * with a Flink CDC release that carries the FLINK-39265 fix (apache/flink-cdc#4323); {@code
 * CommitBoundaryResumeITCase} tells when: its test of the stock source stops losing the change.
 */
@Internal
final class CommitBoundaryOffsets {

    private static final Logger LOG = LoggerFactory.getLogger(CommitBoundaryOffsets.class);

    private CommitBoundaryOffsets() {}

    /** The split to configure Debezium with: a stream split at a commit boundary rewritten, anything else as is. */
    static SourceSplitBase forDebezium(SourceSplitBase split) {
        if (!split.isStreamSplit()) {
            return split;
        }
        StreamSplit stream = split.asStreamSplit();
        if (!(stream.getStartingOffset() instanceof PostgresOffset)) {
            return split;
        }
        Map<String, String> offset = stream.getStartingOffset().getOffset();
        Map<String, String> rewritten = resumableFromCommit(offset);
        if (rewritten == offset) {
            return split;
        }
        LOG.info("Restored stream offset {} is a commit boundary: Debezium resumes from {} (FLINK-39265)", offset, rewritten);
        return new StreamSplit(stream.splitId(), PostgresOffset.of(rewritten), stream.getEndingOffset(),
                stream.getFinishedSnapshotSplitInfos(), stream.getTableSchemas(), stream.getTotalFinishedSplitSize(),
                stream.isSuspended(), stream.isSnapshotCompleted());
    }

    /**
     * A commit-boundary offset as Debezium can resume from it ({@code lsn_proc} one before {@code
     * lsn_commit}); the same map for any other offset.
     */
    @VisibleForTesting
    static Map<String, String> resumableFromCommit(Map<String, String> offset) {
        String processed = offset.get(PostgresOffsetContext.LAST_COMPLETELY_PROCESSED_LSN_KEY);
        String commit = offset.get(PostgresOffsetContext.LAST_COMMIT_LSN_KEY);
        if (processed == null || !processed.equals(commit) || Long.parseLong(commit) <= 1) {
            return offset;
        }
        Map<String, String> out = new HashMap<>(offset);
        out.put(PostgresOffsetContext.LAST_COMPLETELY_PROCESSED_LSN_KEY, Long.toString(Long.parseLong(commit) - 1));
        return out;
    }
}
