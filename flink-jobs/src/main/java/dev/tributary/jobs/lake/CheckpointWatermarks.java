package dev.tributary.jobs.lake;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bookkeeping of a post-commit completeness operator (one subtask): the watermark it had at each checkpoint's
 * barrier, and the highest watermark known to be committed ({@link #safe()}); kept in operator state as
 * {@code (checkpoint, watermark)} pairs, the safe watermark under key -1.
 */
@Internal
public final class CheckpointWatermarks {

    private final ListState<Tuple2<Long, Long>> state;
    private final TreeMap<Long, Long> watermarkAt = new TreeMap<>();
    private long safe = Long.MIN_VALUE;

    private CheckpointWatermarks(ListState<Tuple2<Long, Long>> state) {
        this.state = state;
    }

    /** Restores (or starts) the bookkeeping from the operator state {@code watermark-at}. */
    public static CheckpointWatermarks restore(OperatorStateStore store) throws Exception {
        CheckpointWatermarks w = new CheckpointWatermarks(store.getListState(
                new ListStateDescriptor<>("watermark-at", Types.TUPLE(Types.LONG, Types.LONG))));
        for (Tuple2<Long, Long> t : w.state.get()) {
            if (t.f0 < 0) {
                w.safe = t.f1;
            } else {
                w.watermarkAt.put(t.f0, t.f1);
            }
        }
        return w;
    }

    /** Records the watermark at checkpoint {@code checkpointId}'s barrier and writes everything to state. */
    public void snapshot(long checkpointId, long watermark) throws Exception {
        watermarkAt.put(checkpointId, watermark);
        List<Tuple2<Long, Long>> w = new ArrayList<>();
        watermarkAt.forEach((k, v) -> w.add(Tuple2.of(k, v)));
        w.add(Tuple2.of(-1L, safe));
        state.update(w);
    }

    /** Every checkpoint up to {@code checkpointId} is committed: returns the (never decreasing) safe watermark. */
    public long committedUpTo(long checkpointId) {
        Map<Long, Long> covered = watermarkAt.headMap(checkpointId, true);
        for (long w : covered.values()) {
            safe = Math.max(safe, w);
        }
        covered.clear();
        return safe;
    }

    /**
     * Records end of input ({@code checkpointIdOrEOI == Long.MAX_VALUE}) as a checkpoint with a watermark of +inf:
     * once it is committed ({@code committedUpTo(Long.MAX_VALUE)}), everything is.
     */
    public void recordEndOfInput() {
        watermarkAt.put(Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /** The highest watermark whose rows are all committed. */
    public long safe() {
        return safe;
    }
}
