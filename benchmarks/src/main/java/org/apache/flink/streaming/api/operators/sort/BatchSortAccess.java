package org.apache.flink.streaming.api.operators.sort;

import org.apache.flink.api.common.typeutils.TypeComparator;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Benchmark-only access to the package-private pieces of Flink's BATCH keyed sort ({@code SortingDataInput}): the
 * key-and-record serializer and the comparator it picks (fixed-length keys: normalized-key compare; variable-length
 * keys: byte-wise compare of the serialized records when the normalized prefixes tie). Lives in Flink's package
 * because those classes are package-private; used by {@code dev.tributary.benchmarks.jmh.BatchSortBenchmarks}.
 */
public final class BatchSortAccess {

    private BatchSortAccess() {}

    /** As {@code SortingDataInput} builds them, from the key serializer's length. */
    public static <T> TypeSerializer<Tuple2<byte[], StreamRecord<T>>> serializer(TypeSerializer<T> records, int keyLength) {
        return new KeyAndValueSerializer<>(records, keyLength);
    }

    public static <T> TypeComparator<Tuple2<byte[], StreamRecord<T>>> comparator(int keyLength) {
        return keyLength > 0 ? new FixedLengthByteKeyComparator<>(keyLength) : new VariableLengthByteKeyComparator<>();
    }
}
