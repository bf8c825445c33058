package dev.tributary.transforms.builtin;

import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.InternalTimerService;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One-time upgrades of the dedupe state of the older layouts to {@link DeduplicateOperator}'s: layout 1
 * (DeduplicateFunction in a KeyedProcessOperator: {@code ValueState<Boolean> "seen"} wrapped by a processing-time
 * TTL) to layout 2 ({@code ValueState<Boolean> "dedupe-seen"}), and layout 2 to layout 3 (a horizon per key).
 * Both older layouts had one event-time timer per key in {@code "user-timers"}, whose time is the key's horizon.
 *
 * <p>Layout 1 to 2:
 * <p>The old state is registered with a TTL config again (Flink 1.20 cannot restore a TTL-wrapped state
 * without one: its serializer is the TTL wrapper's), read with expired entries still visible (an entry the
 * backstop would have expired is still within its event-time retention, which is what counts), copied key by
 * key, and cleared. The old per-key cleanup timers are restored by the operator's timer service as they are.
 */
final class DeduplicateLegacyState {

    /** Any TTL works for reading: the wrapper's serializer does not depend on the duration. */
    private static final Duration READ_TTL = Duration.ofDays(3650);

    private DeduplicateLegacyState() {}

    /**
     * Gives every key still seen in a layout-1 or layout-2 savepoint the horizon of its restored timer (the latest
     * if it has several) and clears the old entries. The old timers stay registered and clear their keys when they
     * fire. A key without a timer (which those layouts never wrote) is guarded until the latest restored timer.
     */
    static <K> void toHorizons(DeduplicateOperator<K> op, int layout, ValueState<Long> horizon,
            InternalTimerService<VoidNamespace> timers) throws Exception {
        KeyedStateBackend<K> backend = op.getKeyedStateBackend();
        ValueState<Boolean> seen = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                new ValueStateDescriptor<>(DeduplicateOperator.SEEN_STATE, Types.BOOLEAN));
        if (layout == 1) {
            migrate(op, seen);
        }
        long[] latest = {Long.MIN_VALUE};
        timers.forEachEventTimeTimer((ns, at) -> {
            latest[0] = Math.max(latest[0], at);
            if (seen.value() != null) {
                Long until = horizon.value();
                if (until == null || until < at) {
                    horizon.update(at);
                }
            }
        });
        List<K> keys;
        try (Stream<K> s = backend.getKeys(DeduplicateOperator.SEEN_STATE, VoidNamespace.INSTANCE)) {
            keys = s.collect(Collectors.toList());
        }
        for (K key : keys) {
            backend.setCurrentKey(key);
            if (seen.value() != null && horizon.value() == null && latest[0] != Long.MIN_VALUE) {
                horizon.update(latest[0]);
            }
            seen.clear();
        }
    }

    static <K> long migrate(DeduplicateOperator<K> op, ValueState<Boolean> seen) throws Exception {
        ValueStateDescriptor<Boolean> d = new ValueStateDescriptor<>(DeduplicateOperator.LEGACY_SEEN_STATE, Types.BOOLEAN);
        d.enableTimeToLive(StateTtlConfig.newBuilder(READ_TTL)
                .setStateVisibility(StateTtlConfig.StateVisibility.ReturnExpiredIfNotCleanedUp)
                .build());
        KeyedStateBackend<K> backend = op.getKeyedStateBackend();
        ValueState<Boolean> legacy = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, d);
        List<K> keys;
        try (Stream<K> s = backend.getKeys(DeduplicateOperator.LEGACY_SEEN_STATE, VoidNamespace.INSTANCE)) {
            keys = s.collect(Collectors.toList());
        }
        long copied = 0;
        for (K key : keys) {
            backend.setCurrentKey(key);
            if (legacy.value() != null) {
                seen.update(Boolean.TRUE);
                copied++;
            }
            legacy.clear();
        }
        return copied;
    }
}
