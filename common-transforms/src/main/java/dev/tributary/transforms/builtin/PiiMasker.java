package dev.tributary.transforms.builtin;

import dev.tributary.transforms.api.PiiAction;
import dev.tributary.transforms.api.PiiKey;
import dev.tributary.transforms.api.PiiPolicy;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.types.Row;

import javax.crypto.Mac;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Applies a dataset's {@link PiiPolicy} to rows and to raw payloads, before anything is written.
 *
 * <ul>
 *   <li>HASH: {@code tok:<keyId>:<base64url(HMAC-SHA256(key, value))>}; deterministic per key.
 *   <li>MASK: all but the last N characters become {@code *} (values of N characters or fewer are fully masked).
 *   <li>REDACT: {@value #REDACTED}.
 * </ul>
 *
 * <p>{@link #scrubPayload(String)} handles raw text that may not even be valid JSON (quarantined
 * records): PII columns' values are rewritten in place wherever their key is found, and e-mails, phone
 * and card numbers are masked by value, in linear time whatever the input.
 * Create one instance per operator (the MAC is not thread-safe); the key is held as given and never logged.
 */
@PublicEvolving
public final class PiiMasker implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String REDACTED = "[redacted]";
    private static final String TOKEN_PREFIX = "tok:";

    private final PiiPolicy policy;
    private final PiiKey key;
    private final int[] positions;
    private final PiiPolicy.ColumnRule[] rules;
    private transient Mac mac;
    private transient PayloadScrubber scrubber;

    public PiiMasker(RecordSchema schema, PiiPolicy policy, PiiKey key) {
        policy.validateAgainst(schema);
        this.policy = policy;
        this.key = key;
        List<Integer> pos = new ArrayList<>();
        List<PiiPolicy.ColumnRule> rs = new ArrayList<>();
        for (Map.Entry<String, PiiPolicy.ColumnRule> e : policy.columns().entrySet()) {
            if (e.getValue().action() != PiiAction.ALLOW) {
                pos.add(schema.indexOf(e.getKey()));
                rs.add(e.getValue());
            }
        }
        this.positions = pos.stream().mapToInt(Integer::intValue).toArray();
        this.rules = rs.toArray(new PiiPolicy.ColumnRule[0]);
    }

    /**
     * Rewrites the PII columns of the row in place and returns it. Never throws for a value: should
     * protecting one fail, the value is redacted (it never passes through in clear).
     */
    public Row apply(Row row) {
        for (int i = 0; i < positions.length; i++) {
            Object v = row.getField(positions[i]);
            if (v != null) {
                String protectedValue;
                try {
                    protectedValue = protect(rules[i], v.toString());
                } catch (RuntimeException | StackOverflowError e) {
                    protectedValue = REDACTED;
                }
                row.setField(positions[i], protectedValue);
            }
        }
        return row;
    }

    /** The protected form of one value under a column rule. */
    public String protect(PiiPolicy.ColumnRule rule, String value) {
        switch (rule.action()) {
            case HASH:
                return token(value);
            case MASK:
                return mask(value, rule.keepSuffix());
            case REDACT:
                return REDACTED;
            case ALLOW:
            default:
                return value;
        }
    }

    /** A keyed token for a value: equal values give equal tokens under the same key. */
    public String token(String value) {
        if (mac == null) {
            mac = key.newMac();
        }
        byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        return TOKEN_PREFIX + key.keyId() + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    static String mask(String value, int keepSuffix) {
        int n = value.length();
        int keep = n <= keepSuffix ? 0 : keepSuffix;
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n - keep; i++) {
            sb.append('*');
        }
        return sb.append(value, n - keep, n).toString();
    }

    /**
     * Scrubs a raw payload of any shape for the quarantine (see {@link PayloadScrubber}): values of PII
     * columns are protected wherever their key can be found (escaped, any letter case, single-quoted or
     * bare), and any e-mail, phone or card number elsewhere is masked by value. Linear time, constant
     * stack: no input can make it throw or overflow.
     */
    public String scrubPayload(String payload) {
        if (payload == null || payload.isEmpty()) {
            return payload;
        }
        if (scrubber == null) {
            Map<String, PiiPolicy.ColumnRule> byLower = new HashMap<>();
            for (Map.Entry<String, PiiPolicy.ColumnRule> e : policy.columns().entrySet()) {
                if (e.getValue().action() != PiiAction.ALLOW) {
                    byLower.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
                }
            }
            scrubber = new PayloadScrubber(byLower, this::protect);
        }
        return scrubber.scrub(payload);
    }

    /**
     * Protects one value found under a key: the column's rule when {@code key} names a PII column (any
     * letter case), otherwise any e-mail, phone or card number inside it is masked by value.
     */
    public String scrubValue(String key, String value) {
        if (value == null) {
            return null;
        }
        if (scrubber == null) {
            scrubPayload("{}");
        }
        PiiPolicy.ColumnRule rule = scrubber.rule(key);
        return rule != null ? protect(rule, value) : PiiValueScanner.scrub(value);
    }
}
