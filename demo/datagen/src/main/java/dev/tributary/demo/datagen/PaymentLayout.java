package dev.tributary.demo.datagen;

import org.apache.flink.annotation.Internal;

import java.util.SplittableRandom;

/**
 * Which orders of one block get which payments, and in what arrival order.
 *
 * <p>Why blocks: payment slot j must be computable alone, so the number of payments per block of B
 * orders is a constant K = k + d (k = round(paymentRate * B) paid orders, d = round(retryRate * k)
 * of them retried), and slot j is payment {@code j % K} of block {@code j / K}. The payments of
 * block b get base times spread evenly over [T_b + D, T_b + D + L) with L = B * gap the block's
 * span and D = L + bound: after every order of the block, yet within {@code 2L + 2 * bound <=
 * paymentWindow} of it, and non-decreasing across blocks, so payments keep the same disorder bound as
 * orders. Paid orders are drawn among the block's VALID orders first (so payments join), then LATE,
 * then malformed ones, and DUPLICATE slots last (they carry no entity of their own, so such a payment
 * is an orphan; it only happens when a block has fewer than k other orders, i.e. at extreme rates).
 * Every full block thus has exactly K payments; only the last, partial block may have fewer.
 */
@Internal
final class PaymentLayout {
    final long block;
    /** Per position m: the order's offset in the block. */
    final int[] orderOffset;
    /** Per position m: whether this is the failed first attempt of a retried order. */
    final boolean[] failed;

    private PaymentLayout(long block, int[] orderOffset, boolean[] failed) {
        this.block = block;
        this.orderOffset = orderOffset;
        this.failed = failed;
    }

    int size() {
        return orderOffset.length;
    }

    static PaymentLayout compute(
            long block, int blockSize, int paid, int retried, OrderStream orders, long layoutKey) {
        SplittableRandom r = SlotRandom.random(layoutKey, block);
        long first = block * blockSize;
        int[] shuffled = shuffledOffsets(blockSize, r);
        // Stable counting sort by preference class; offsets past the last order are dropped.
        int[] candidates = new int[blockSize];
        int n = 0;
        for (int cls = 0; cls < 4; cls++) {
            for (int off : shuffled) {
                long slot = first + off;
                if (slot < orders.count() && preference(orders.kind(slot)) == cls) {
                    candidates[n++] = off;
                }
            }
        }
        int paidHere = Math.min(paid, n);
        int retriedHere = Math.min(retried, paidHere);
        int[] entries = new int[paidHere + retriedHere];
        System.arraycopy(candidates, 0, entries, 0, paidHere);
        System.arraycopy(candidates, 0, entries, paidHere, retriedHere);
        boolean[] retriedOffset = new boolean[blockSize];
        for (int k = 0; k < retriedHere; k++) {
            retriedOffset[candidates[k]] = true;
        }
        shuffle(entries, r);
        // A retried order's first position is its failed attempt, the second its captured one.
        boolean[] seen = new boolean[blockSize];
        boolean[] failed = new boolean[entries.length];
        for (int m = 0; m < entries.length; m++) {
            int off = entries[m];
            failed[m] = retriedOffset[off] && !seen[off];
            seen[off] = true;
        }
        return new PaymentLayout(block, entries, failed);
    }

    /** 0 = VALID, 1 = LATE, 2 = malformed, 3 = DUPLICATE. */
    private static int preference(EventKind kind) {
        switch (kind) {
            case VALID:
                return 0;
            case LATE:
                return 1;
            case DUPLICATE:
                return 3;
            default:
                return 2;
        }
    }

    private static int[] shuffledOffsets(int size, SplittableRandom r) {
        int[] a = new int[size];
        for (int k = 0; k < size; k++) {
            a[k] = k;
        }
        shuffle(a, r);
        return a;
    }

    private static void shuffle(int[] a, SplittableRandom r) {
        for (int k = a.length - 1; k > 0; k--) {
            int j = r.nextInt(k + 1);
            int t = a[k];
            a[k] = a[j];
            a[j] = t;
        }
    }
}
