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
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * records): every {@code "column": value} pair of a PII column is rewritten in place, whatever follows.
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
    private transient List<Pattern> payloadPatterns;

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

    /** Rewrites the PII columns of the row in place and returns it. */
    public Row apply(Row row) {
        for (int i = 0; i < positions.length; i++) {
            Object v = row.getField(positions[i]);
            if (v != null) {
                row.setField(positions[i], protect(rules[i], v.toString()));
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
     * Rewrites every PII column's value inside raw JSON-ish text. Handles string values (including escaped
     * quotes and unterminated strings at the end of truncated payloads) and bare scalars.
     */
    public String scrubPayload(String payload) {
        if (payload == null || positions.length == 0) {
            return payload;
        }
        if (payloadPatterns == null) {
            payloadPatterns = new ArrayList<>();
            for (Map.Entry<String, PiiPolicy.ColumnRule> e : policy.columns().entrySet()) {
                if (e.getValue().action() != PiiAction.ALLOW) {
                    // "col" : "string value (possibly unterminated)"  |  "col" : bare-scalar
                    payloadPatterns.add(Pattern.compile("(\"" + Pattern.quote(e.getKey())
                            + "\"\\s*:\\s*)(?:\"((?:[^\"\\\\]|\\\\.)*)(\"|$)|([^,}\\s\"][^,}]*))"));
                }
            }
        }
        String out = payload;
        int r = 0;
        for (Map.Entry<String, PiiPolicy.ColumnRule> e : policy.columns().entrySet()) {
            if (e.getValue().action() == PiiAction.ALLOW) {
                continue;
            }
            PiiPolicy.ColumnRule rule = e.getValue();
            Matcher m = payloadPatterns.get(r++).matcher(out);
            StringBuilder sb = new StringBuilder(out.length());
            while (m.find()) {
                String clear = m.group(2) != null ? m.group(2) : m.group(4).trim();
                String prot = protect(rule, clear);
                String replacement = m.group(1) + "\"" + prot + "\"";
                m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(sb);
            out = sb.toString();
        }
        return out;
    }
}
