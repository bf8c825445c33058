package dev.tributary.transforms.builtin;

import dev.tributary.transforms.api.DurableCounter;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.operators.sorted.state.BatchExecutionKeyedStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Row;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps the first record per key and drops later ones that arrive within {@code retention} of event time
 * (use it on a keyed stream: {@code keyed.transform(name, type, new DeduplicateOperator<>(retention, prefix))}).
 *
 * <p><b>Streaming.</b> A keyed {@code ValueState<Long>} holds, per key seen, its horizon
 * {@code max(event time, watermark) + retention}; a record whose key has a horizon the watermark has not
 * reached yet is a duplicate. State is bounded by design: it holds only the keys seen within the retention
 * horizon of the watermark, plus at most one cleanup bucket (the sources' idleness keeps the watermark moving).
 * A duplicate arriving after the horizon lands again; size {@code retention} to cover how long a producer may
 * re-send. There is no state TTL on the hot path (a clock read and a wrapper object per access).
 *
 * <p><b>Cleanup without a timer per key</b> (heap state). A key is first seen once, so per-key cleanup timers
 * coalesce nothing: every new key paid a timer-queue insert and, later, a removal with a heap sift - the largest
 * state cost of bronze. Instead, expiry is decided by comparing the stored horizon with the watermark, and one
 * sweep timer per cleanup bucket (a quarter of the retention) clears the keys whose horizon fell in that bucket,
 * found through an in-memory index of keys per bucket ({@link DeduplicateSweeps}, rebuilt from the state after a
 * restore). With RocksDB (or any other non-heap backend) that index would hold every key in memory besides the
 * state, so there the operator keeps one timer per key at its horizon; both kinds of timer are understood by both
 * paths, so a savepoint moves between backends.
 *
 * <p><b>BATCH.</b> Keyed input arrives sorted by key, and the timers of a key fire when the key changes, so
 * every record of a key is compared with the first one. The operator does exactly that without touching the
 * state backend or timers: a record whose key equals the previous record's key is a duplicate.
 *
 * <p><b>BATCH with a hashed key</b> ({@link #sortedByHash}). A variable-length key (a {@code String}) makes
 * Flink's BATCH sort compare records byte by byte whenever their first 16 serialized bytes tie, which sequential
 * ids do all the time; a fixed-length key (a 64-bit hash of the real key) sorts on normalized keys alone. Equal
 * hashes are then adjacent, and within a run of one hash the operator compares the real keys, so a hash
 * collision never drops a distinct record. Only in BATCH: in STREAMING, state keyed by a hash would merge
 * colliding keys, so the operator refuses to start there.
 *
 * <p>Dropped duplicates are counted in a {@link DurableCounter} ({@code <counterPrefix>.duplicates}) so accounting
 * survives failover.
 *
 * <p><b>Restores.</b> The watermark of the last snapshot is kept as operator state: a restored job starts at
 * watermark MIN, and until its sources re-establish the watermark the snapshot's watermark decides expiry, as
 * the per-key timers that had fired before the snapshot did. After a rescale a subtask takes the lowest
 * watermark it was handed (a key may be guarded up to one cleanup bucket longer than before, never shorter).
 *
 * <p><b>State layouts and upgrades.</b> Layout 1 (a {@code KeyedProcessOperator} around
 * {@code DeduplicateFunction}) kept a TTL-wrapped {@code "seen"} state, layout 2 a {@code ValueState<Boolean>
 * "dedupe-seen"}; both had one event-time timer per key in {@code "user-timers"}. Savepoints of both restore:
 * the operator recognises the layout (the {@code "dedupe-layout"} union state), gives every key still seen the
 * horizon of its restored timer, drops the old entries, and lets the old timers clear their keys when they fire.
 * Keep the operator's uid across the upgrade.
 */
@PublicEvolving
public final class DeduplicateOperator<K> extends AbstractStreamOperator<Row>
        implements OneInputStreamOperator<Row, Row>, Triggerable<K, VoidNamespace> {
    private static final long serialVersionUID = 4L;

    /** Current state layout, stored as union operator state so every subtask knows what it restored. */
    static final int LAYOUT = 3;
    static final String HORIZON_STATE = "dedupe-horizon";
    static final String SEEN_STATE = "dedupe-seen";
    static final String LEGACY_SEEN_STATE = "seen";
    static final String LAYOUT_STATE = "dedupe-layout";
    static final String WATERMARK_STATE = "dedupe-watermark";
    /** The timer service name of Flink's KeyedProcessOperator, which the first layout used: its timers restore. */
    static final String TIMERS = "user-timers";
    /** One timer per cleanup bucket (heap state). */
    static final String SWEEPS = "dedupe-sweeps";
    /** Cleanup buckets per retention: state holds at most 1 + 1/BUCKETS retentions of keys. */
    static final int BUCKETS = 4;

    private final long retentionMillis;
    private final long bucketMillis;
    private final DurableCounter duplicates;
    /** The real key when the stream is keyed by a hash of it (BATCH only), else null. */
    @Nullable private final KeySelector<Row, ?> exactKey;

    private transient ValueState<Long> horizon;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient InternalTimerService<VoidNamespace> sweeps;
    private transient ListState<Integer> layout;
    private transient ListState<Long> watermarkState;
    /** The watermark of the snapshot this subtask restored (MIN if none). */
    private transient long restoredWatermark;
    /** The layout a savepoint was written with, when older than {@link #LAYOUT}; 0 when nothing to migrate. */
    private transient int restoredLayout;
    private transient boolean restored;
    private transient boolean sweepOnHeap;
    /** The keys of each cleanup bucket, with one timer per bucket (heap state only). */
    private transient DeduplicateSweeps<K> sweepIndex;
    private transient boolean sortedByKey;
    private transient Object previousKey;
    private transient boolean hasPreviousKey;
    /** Real keys seen in the current run of one hash (usually one key; more only on a collision). */
    private transient Set<Object> runKeys;

    /**
     * @param retention how long, in event time after the watermark passes a key's first record, duplicates of it
     *     are dropped; positive
     * @param counterPrefix prefix of the {@code .duplicates} accumulator, e.g. {@code bronze.readings}
     */
    public DeduplicateOperator(Duration retention, String counterPrefix) {
        this(retention, counterPrefix, null);
    }

    /**
     * A BATCH dedupe over a stream keyed by a fixed-length hash of the real key (see the class comment).
     *
     * @param exactKey extracts the real key from a row; two rows are duplicates when their real keys are equal
     * @throws IllegalStateException at start-up if the job does not run in BATCH
     */
    public static <H> DeduplicateOperator<H> sortedByHash(Duration retention, String counterPrefix, KeySelector<Row, ?> exactKey) {
        return new DeduplicateOperator<>(retention, counterPrefix, Objects.requireNonNull(exactKey, "exactKey"));
    }

    private DeduplicateOperator(Duration retention, String counterPrefix, @Nullable KeySelector<Row, ?> exactKey) {
        Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("dedupe retention must be positive, found " + retention);
        }
        this.retentionMillis = retention.toMillis();
        this.bucketMillis = Math.max(1, retentionMillis / BUCKETS);
        this.duplicates = new DurableCounter(Objects.requireNonNull(counterPrefix, "counterPrefix") + ".duplicates", "duplicates");
        this.exactKey = exactKey;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        duplicates.initialize(context);
        layout = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>(LAYOUT_STATE, Types.INT));
        sortedByKey = getKeyedStateBackend() instanceof BatchExecutionKeyedStateBackend;
        if (sortedByKey) {
            runKeys = new HashSet<>();
            return;
        }
        if (exactKey != null) {
            throw new IllegalStateException("a dedupe keyed by a hash of its key runs in BATCH only: in STREAMING, "
                    + "keyed state would merge keys whose hashes collide; key the stream by the real key");
        }
        watermarkState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>(WATERMARK_STATE, Types.LONG));
        restoredWatermark = Long.MIN_VALUE;
        boolean first = true;
        for (Long w : watermarkState.get()) {
            restoredWatermark = first ? w : Math.min(restoredWatermark, w);
            first = false;
        }
        horizon = getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                new ValueStateDescriptor<>(HORIZON_STATE, Types.LONG));
        restoredLayout = 0;
        restored = context.isRestored();
        if (restored) {
            int found = 1;
            for (Integer l : layout.get()) {
                found = Math.max(found, l);
            }
            restoredLayout = found < LAYOUT ? found : 0;
        }
        layout.update(List.of(LAYOUT));
    }

    @Override
    public void open() throws Exception {
        super.open();
        duplicates.open(getRuntimeContext(), getMetricGroup());
        if (sortedByKey) {
            return;
        }
        sweepOnHeap = getKeyedStateBackend() instanceof HeapKeyedStateBackend;
        timers = getInternalTimerService(TIMERS, VoidNamespaceSerializer.INSTANCE, this);
        sweeps = getInternalTimerService(SWEEPS, VoidNamespaceSerializer.INSTANCE, new Sweep());
        sweepIndex = new DeduplicateSweeps<>(sweeps);
        if (restoredLayout > 0) {
            DeduplicateLegacyState.toHorizons(this, restoredLayout, horizon, timers);
        }
        if (sweepOnHeap && restored) {
            sweepIndex.rebuild(getKeyedStateBackend(), horizon, this::roundUp);
        }
    }

    @Override
    public void processElement(StreamRecord<Row> element) throws Exception {
        if (sortedByKey) {
            processSorted(element);
            return;
        }
        long watermark = Math.max(timers.currentWatermark(), restoredWatermark);
        Long until = horizon.value();
        if (until != null && until > watermark) {
            duplicates.inc();
            return;
        }
        long ts = element.hasTimestamp() ? element.getTimestamp() : Long.MIN_VALUE;
        long base = Math.max(ts, watermark);
        long cleanupAt = base >= Long.MAX_VALUE - retentionMillis ? Long.MAX_VALUE : base + retentionMillis;
        horizon.update(cleanupAt);
        if (sweepOnHeap) {
            @SuppressWarnings("unchecked")
            K key = (K) getCurrentKey();
            sweepIndex.add(roundUp(cleanupAt), key);
        } else {
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, cleanupAt);
        }
        output.collect(element);
    }

    private void processSorted(StreamRecord<Row> element) throws Exception {
        Object key = getCurrentKey();
        boolean sameRun = hasPreviousKey && key.equals(previousKey);
        if (!sameRun) {
            previousKey = key;
            hasPreviousKey = true;
            runKeys.clear();
        }
        if (exactKey != null ? !runKeys.add(exactKey.getKey(element.getValue())) : sameRun) {
            duplicates.inc();
            return;
        }
        output.collect(element);
    }

    /** The end of the cleanup bucket holding {@code t} (t itself when it is a bucket end). */
    private long roundUp(long t) {
        long r = Math.floorMod(t, bucketMillis);
        if (r == 0) {
            return t;
        }
        long up = bucketMillis - r;
        return t > Long.MAX_VALUE - up ? Long.MAX_VALUE : t + up;
    }

    /** A per-key timer (RocksDB path, or one restored from layouts 1 and 2): clears its key if it expired. */
    @Override
    public void onEventTime(InternalTimer<K, VoidNamespace> timer) throws Exception {
        Long until = horizon.value();
        if (until != null && until <= timer.getTimestamp()) {
            horizon.clear();
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<K, VoidNamespace> timer) {
        // No processing-time timers are registered (the first layout registered none either).
    }

    /** A bucket's timer: clears the bucket's keys whose horizon the sweep's time has reached. */
    private final class Sweep implements Triggerable<K, VoidNamespace> {
        @Override
        public void onEventTime(InternalTimer<K, VoidNamespace> timer) throws Exception {
            sweepIndex.sweep(getKeyedStateBackend(), horizon, timer.getTimestamp());
        }

        @Override
        public void onProcessingTime(InternalTimer<K, VoidNamespace> timer) {}
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        duplicates.snapshot();
        if (!sortedByKey) {
            watermarkState.update(List.of(Math.max(timers.currentWatermark(), restoredWatermark)));
        }
    }

    /** Duplicates dropped by this subtask so far (restored value included). */
    public long duplicates() {
        return duplicates.value();
    }
}
