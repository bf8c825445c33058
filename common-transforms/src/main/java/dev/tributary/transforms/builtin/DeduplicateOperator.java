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
 * <p><b>Streaming.</b> A keyed {@code ValueState<Boolean>} marks a key as seen; one event-time timer per key at
 * {@code max(event time, watermark) + retention} clears it, so state holds only the keys seen within the
 * retention horizon of the watermark (bounded by design; the sources' idleness keeps the watermark moving).
 * There is no state TTL on the hot path: a TTL wrapper costs a clock read and a wrapper object per access
 * and only helps when the watermark stalls while records keep arriving. A duplicate arriving after the horizon
 * lands again; size {@code retention} to cover how long a producer may re-send.
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
 * <p><b>State layout and upgrades.</b> The first layout (a {@code KeyedProcessOperator} around
 * {@code DeduplicateFunction}) kept a TTL-wrapped {@code "seen"} state. A savepoint of that layout restores: the
 * operator recognises it (no {@code "dedupe-layout"} entry), copies every key still marked seen into the new
 * state once at start-up and drops the old entries; the old per-key timers live in the same timer service and
 * clear the copied keys as before. Keep the operator's uid across the upgrade.
 */
@PublicEvolving
public final class DeduplicateOperator<K> extends AbstractStreamOperator<Row>
        implements OneInputStreamOperator<Row, Row>, Triggerable<K, VoidNamespace> {
    private static final long serialVersionUID = 3L;

    /** Current state layout, stored as union operator state so every subtask knows what it restored. */
    static final int LAYOUT = 2;
    static final String SEEN_STATE = "dedupe-seen";
    static final String LEGACY_SEEN_STATE = "seen";
    static final String LAYOUT_STATE = "dedupe-layout";
    /** The timer service name of Flink's KeyedProcessOperator, which the first layout used: its timers restore. */
    static final String TIMERS = "user-timers";

    private final long retentionMillis;
    private final DurableCounter duplicates;
    /** The real key when the stream is keyed by a hash of it (BATCH only), else null. */
    @Nullable private final KeySelector<Row, ?> exactKey;

    private transient ValueState<Boolean> seen;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient ListState<Integer> layout;
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
        seen = getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                new ValueStateDescriptor<>(SEEN_STATE, Types.BOOLEAN));
        if (context.isRestored() && !layout.get().iterator().hasNext()) {
            DeduplicateLegacyState.migrate(this, seen);
        }
        layout.update(List.of(LAYOUT));
    }

    @Override
    public void open() throws Exception {
        super.open();
        duplicates.open(getRuntimeContext(), getMetricGroup());
        if (!sortedByKey) {
            timers = getInternalTimerService(TIMERS, VoidNamespaceSerializer.INSTANCE, this);
        }
    }

    @Override
    public void processElement(StreamRecord<Row> element) throws Exception {
        if (sortedByKey) {
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
            return;
        }
        if (seen.value() != null) {
            duplicates.inc();
            return;
        }
        seen.update(Boolean.TRUE);
        long ts = element.hasTimestamp() ? element.getTimestamp() : Long.MIN_VALUE;
        long base = Math.max(ts, timers.currentWatermark());
        long cleanupAt = base >= Long.MAX_VALUE - retentionMillis ? Long.MAX_VALUE : base + retentionMillis;
        timers.registerEventTimeTimer(VoidNamespace.INSTANCE, cleanupAt);
        output.collect(element);
    }

    @Override
    public void onEventTime(InternalTimer<K, VoidNamespace> timer) {
        seen.clear();
    }

    @Override
    public void onProcessingTime(InternalTimer<K, VoidNamespace> timer) {
        // No processing-time timers are registered (the first layout registered none either).
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        duplicates.snapshot();
    }

    /** Duplicates dropped by this subtask so far (restored value included). */
    public long duplicates() {
        return duplicates.value();
    }
}
