package dev.tributary.transforms.builtin;

import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One-time upgrade of the dedupe state of the first layout (DeduplicateFunction in a KeyedProcessOperator:
 * {@code ValueState<Boolean> "seen"} wrapped by a processing-time TTL) to {@link DeduplicateOperator}'s layout.
 *
 * <p>The old state is registered with a TTL config again (Flink 1.20 cannot restore a TTL-wrapped state
 * without one: its serializer is the TTL wrapper's), read with expired entries still visible (an entry the
 * backstop would have expired is still within its event-time retention, which is what counts), copied key by
 * key, and cleared. The old per-key cleanup timers are restored by the operator's timer service as they are.
 */
final class DeduplicateLegacyState {

    /** Any TTL works for reading: the wrapper's serializer does not depend on the duration. */
    private static final Duration READ_TTL = Duration.ofDays(3650);

    private DeduplicateLegacyState() {}

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
