package dev.tributary.demo.datagen;

import org.apache.flink.annotation.Internal;

import java.util.SplittableRandom;

/**
 * Counter-based randomness: the draws of slot {@code i} depend on (seed, stream, i) only, so any
 * event can be computed without its predecessors, in any order, on any subtask. Each purpose (kind,
 * jitter, values, ...) has its own stream so that, e.g., changing a rate does not change the values
 * of the entities.
 */
@Internal
final class SlotRandom {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    static final long KIND = 1;
    static final long JITTER = 2;
    static final long VALUES = 3;
    static final long CORRUPT = 4;
    static final long LAYOUT = 5;
    static final long CUSTOMER = 6;

    private SlotRandom() {}

    /** SplitMix64's finaliser (Stafford variant 13): a bijective 64-bit mixer. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Key of one random stream; {@code dataset} separates orders from payments. */
    static long streamKey(long seed, long dataset, long purpose) {
        return mix64(mix64(seed * GOLDEN + dataset) + purpose * GOLDEN);
    }

    /** 64 random bits of slot {@code i} in the stream. */
    static long bits(long streamKey, long i) {
        return mix64(streamKey + (i + 1) * GOLDEN);
    }

    /** A uniform double in [0, 1) for slot {@code i}. */
    static double unit(long streamKey, long i) {
        return (bits(streamKey, i) >>> 11) * 0x1.0p-53;
    }

    /** A uniform long in [0, bound) for slot {@code i}; 0 when bound is 0. */
    static long below(long streamKey, long i, long bound) {
        return bound <= 0 ? 0 : Long.remainderUnsigned(bits(streamKey, i), bound);
    }

    /** A generator for many draws of slot {@code i}. */
    static SplittableRandom random(long streamKey, long i) {
        return new SplittableRandom(bits(streamKey, i));
    }
}
