package dev.tributary.transforms.api;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * The secret behind PII tokens, with a versioned id so a rotated key yields visibly different tokens.
 *
 * <p>Keys come from configuration or the environment ({@value #ENV_SECRET}, {@value #ENV_KEY_ID}),
 * never from code. {@link #toString()} never prints the secret.
 */
@PublicEvolving
public final class PiiKey implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String ENV_SECRET = "TRIBUTARY_PII_KEY";
    public static final String ENV_KEY_ID = "TRIBUTARY_PII_KEY_ID";
    public static final String DEFAULT_KEY_ID = "v1";
    static final int MIN_SECRET_LENGTH = 16;
    /** A key of 16 spaces or "aaaa..." passes a length check yet makes every token guessable. */
    static final int MIN_DISTINCT_CHARACTERS = 8;

    static final String SECRET_EXPECTED = "at least " + MIN_SECRET_LENGTH + " characters, not only whitespace, with at least "
            + MIN_DISTINCT_CHARACTERS + " different characters (e.g. the output of 'openssl rand -base64 24')";

    private final String keyId;
    private final byte[] secret;

    public PiiKey(String keyId, String secret) {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(secret, "secret");
        if (!keyId.matches("[A-Za-z0-9_-]{1,16}")) {
            throw new IllegalArgumentException("PII key id must be 1-16 of [A-Za-z0-9_-], found '" + keyId + "'");
        }
        String problem = secretProblem(secret);
        if (problem != null) {
            throw new IllegalArgumentException("PII key secret: found " + problem + "; expected " + SECRET_EXPECTED);
        }
        this.keyId = keyId;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** What is wrong with a secret, described without quoting it; null when it is acceptable. */
    static String secretProblem(String secret) {
        if (secret.isBlank()) {
            return secret.length() + " whitespace characters";
        }
        if (secret.length() < MIN_SECRET_LENGTH) {
            return secret.length() + " characters";
        }
        long distinct = secret.codePoints().distinct().count();
        if (distinct < MIN_DISTINCT_CHARACTERS) {
            return "only " + distinct + " different characters";
        }
        return null;
    }

    /** Reads the key from the given environment, or explains what to set. */
    public static PiiKey fromEnvironment(Map<String, String> env) {
        String secret = env.get(ENV_SECRET);
        if (secret == null || secret.isEmpty()) {
            throw new IllegalStateException(
                    "no PII key: set the environment variable " + ENV_SECRET + " (at least " + MIN_SECRET_LENGTH
                            + " characters) or 'pii.key' in the configuration");
        }
        return new PiiKey(env.getOrDefault(ENV_KEY_ID, DEFAULT_KEY_ID), secret);
    }

    public String keyId() {
        return keyId;
    }

    /** A fresh HMAC-SHA256 instance keyed with this secret (one per operator instance: not thread-safe). */
    public javax.crypto.Mac newMac() {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
            return mac;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "PiiKey{id=" + keyId + ", secret=<hidden>}";
    }
}
