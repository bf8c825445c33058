package dev.tributary.jobs.bronze;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.types.Row;

/**
 * A 64-bit hash of a row's dedupe key, the BATCH key of bronze's dedupe. Fixed-length keys let Flink's BATCH sort
 * order records by their normalized key bytes alone; a {@code String} key falls back to a byte-by-byte comparison
 * of the serialized records whenever the first bytes tie, which sequential ids do (13 % of a BATCH bronze job's CPU,
 * JFR, benchmarks/README.md). Collisions are harmless: the dedupe compares the real keys within one hash
 * ({@code DeduplicateOperator.sortedByHash}). Never used in STREAMING, where the key is also the state's key.
 */
@Internal
public final class HashedKeyColumns implements KeySelector<Row, Long> {
    private static final long serialVersionUID = 1L;

    private final BronzeJob.KeyColumns key;

    HashedKeyColumns(BronzeJob.KeyColumns key) {
        this.key = key;
    }

    @Override
    public Long getKey(Row row) {
        return hash64(key.getKey(row));
    }

    /** FNV-1a over the chars, then MurmurHash3's 64-bit finalizer so that close ids spread over key groups. */
    public static long hash64(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
