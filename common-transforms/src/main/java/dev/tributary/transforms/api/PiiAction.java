package dev.tributary.transforms.api;

import org.apache.flink.annotation.PublicEvolving;

/** What happens to a PII column before anything is written. */
@PublicEvolving
public enum PiiAction {
    /**
     * Keyed HMAC-SHA256 token, {@code tok:<keyId>:<base64url>}: the same value gives the same token with
     * the same key, so joins on tokenised keys and re-runs/backfills agree.
     */
    HASH,
    /** Keep only the last N characters, replacing the rest with {@code *}. */
    MASK,
    /** Replace the value with {@code [redacted]}. */
    REDACT,
    /** Explicitly allowed in clear (the column is declared PII-free by the owner). */
    ALLOW;

    public static PiiAction parse(String text) {
        for (PiiAction a : values()) {
            if (a.name().equalsIgnoreCase(text.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown PII action '" + text + "', expected one of hash, mask, redact, allow");
    }
}
