package dev.tributary.transforms.builtin;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.InternalTimerService;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;
import java.util.stream.Stream;

/**
 * The bucketed cleanup of {@link DeduplicateOperator} on heap state: per cleanup bucket (its end time), the keys
 * whose horizon falls in it, and one event-time timer per bucket. The index lives in memory only; it is rebuilt
 * from the state after a restore (one walk over the in-memory state), so it needs no state of its own and its
 * content can never disagree with a checkpoint. A key's entry is only a hint: a sweep clears a key only if its
 * stored horizon is at or before the sweep's time (a key seen again since has a later horizon and stays).
 * Not used with RocksDB, where the keys would have to be held in memory besides the state.
 */
final class DeduplicateSweeps<K> {

    private final Map<Long, List<K>> keysByBucket = new HashMap<>();
    private final InternalTimerService<VoidNamespace> timers;
    private long lastBucket = Long.MIN_VALUE;
    private List<K> lastKeys;

    DeduplicateSweeps(InternalTimerService<VoidNamespace> timers) {
        this.timers = timers;
    }

    /** Records that the current key's horizon lies in the bucket ending at {@code bucket}. */
    void add(long bucket, K key) {
        if (bucket != lastBucket) {
            lastBucket = bucket;
            lastKeys = keysByBucket.get(bucket);
            if (lastKeys == null) {
                lastKeys = new ArrayList<>();
                keysByBucket.put(bucket, lastKeys);
                // Registered under the current key, i.e. in a key group of this subtask.
                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, bucket);
            }
        }
        lastKeys.add(key);
    }

    /** The bucket's timer fired: clears its keys whose horizon the sweep has reached. */
    int sweep(KeyedStateBackend<K> backend, ValueState<Long> horizon, long bucket) throws Exception {
        List<K> keys = keysByBucket.remove(bucket);
        if (bucket == lastBucket) {
            lastBucket = Long.MIN_VALUE;
            lastKeys = null;
        }
        if (keys == null) {
            // A timer restored from a snapshot (or moved here by a rescale) whose bucket holds no key of this
            // subtask: the rebuilt index holds every key.
            return 0;
        }
        int cleared = 0;
        for (K key : keys) {
            backend.setCurrentKey(key);
            Long until = horizon.value();
            if (until != null && until <= bucket) {
                horizon.clear();
                cleared++;
            }
        }
        return cleared;
    }

    /** After a restore: indexes every key of this subtask's state under its bucket (registering missing timers). */
    void rebuild(KeyedStateBackend<K> backend, ValueState<Long> horizon, LongUnaryOperator bucketEnd) throws Exception {
        List<K> keys = new ArrayList<>();
        try (Stream<K> s = backend.getKeys(DeduplicateOperator.HORIZON_STATE, VoidNamespace.INSTANCE)) {
            s.forEach(keys::add);
        }
        // The sweep timers that came with the snapshot exist already; add() must not register them twice.
        timers.forEachEventTimeTimer((ns, at) -> keysByBucket.computeIfAbsent(at, b -> new ArrayList<>()));
        for (K key : keys) {
            backend.setCurrentKey(key);
            Long until = horizon.value();
            if (until != null) {
                add(bucketEnd.applyAsLong(until), key);
            }
        }
        lastBucket = Long.MIN_VALUE;
        lastKeys = null;
    }
}
