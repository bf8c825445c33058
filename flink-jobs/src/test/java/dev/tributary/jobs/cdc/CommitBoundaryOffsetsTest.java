package dev.tributary.jobs.cdc;

import org.apache.flink.cdc.connectors.base.source.meta.split.SourceSplitBase;
import org.apache.flink.cdc.connectors.base.source.meta.split.StreamSplit;
import org.apache.flink.cdc.connectors.postgres.source.offset.PostgresOffset;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which restored offsets {@link CommitBoundaryOffsets} rewrites, and into what. */
class CommitBoundaryOffsetsTest {

    @Test
    void aCommitBoundaryResumesJustBeforeTheCommitEnd() {
        Map<String, String> stored = offset("22052632", "22052632", "22052632");

        Map<String, String> resumed = CommitBoundaryOffsets.resumableFromCommit(stored);

        assertThat(resumed).containsEntry("lsn_proc", "22052631").containsEntry("lsn_commit", "22052632")
                .containsEntry("lsn", "22052632").containsEntry("txId", "735").containsEntry("ts_usec", "1796211701736986");
    }

    @Test
    void anOffsetInsideATransactionIsKept() {
        Map<String, String> stored = offset("22052816", "22052816", "22052632");

        assertThat(CommitBoundaryOffsets.resumableFromCommit(stored)).isSameAs(stored);
    }

    @Test
    void theSnapshotEndOffsetIsKept() {
        Map<String, String> stored = new HashMap<>();
        stored.put("lsn", "22052168");

        assertThat(CommitBoundaryOffsets.resumableFromCommit(stored)).isSameAs(stored);
    }

    @Test
    void theStreamSplitGivenToDebeziumCarriesTheRewrittenOffsetAndEverythingElseAsRestored() {
        StreamSplit restored = new StreamSplit(StreamSplit.STREAM_SPLIT_ID,
                PostgresOffset.of(offset("22052632", "22052632", "22052632")), PostgresOffset.NO_STOPPING_OFFSET,
                new ArrayList<>(), new HashMap<>(), 7, false, true);

        SourceSplitBase configured = CommitBoundaryOffsets.forDebezium(restored);

        StreamSplit stream = configured.asStreamSplit();
        assertThat(stream.getStartingOffset().getOffset()).containsEntry("lsn_proc", "22052631");
        assertThat(stream.getEndingOffset()).isEqualTo(PostgresOffset.NO_STOPPING_OFFSET);
        assertThat(stream.getTotalFinishedSplitSize()).isEqualTo(7);
        assertThat(stream.isSnapshotCompleted()).isTrue();
        assertThat(stream.splitId()).isEqualTo(StreamSplit.STREAM_SPLIT_ID);
    }

    private static Map<String, String> offset(String lsn, String processed, String commit) {
        Map<String, String> o = new HashMap<>();
        o.put("transaction_id", null);
        o.put("lsn", lsn);
        o.put("lsn_proc", processed);
        o.put("lsn_commit", commit);
        o.put("txId", "735");
        o.put("ts_usec", "1796211701736986");
        return o;
    }
}
