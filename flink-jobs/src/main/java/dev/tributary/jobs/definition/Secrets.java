package dev.tributary.jobs.definition;

import org.apache.flink.annotation.PublicEvolving;

import java.util.Collection;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in text meant for people (explain, messages, logs), by key and by value: the value of any
 * option whose key contains {@code auth}, {@code secret}, {@code password}, {@code token}, {@code
 * credential}, {@code jaas} or {@code key}; the user-info of URIs ({@code s3a://KEY:SECRET@bucket},
 * {@code postgres://user:pass@host}); and any value known to be secret, such as those resolved from
 * {@code ${ENV}}. The same rules guard log lines in {@code tributary-log4j2.properties}.
 */
@PublicEvolving
public final class Secrets {
    public static final String MASK = "******";

    private static final String[] SECRET_WORDS = {"auth", "secret", "password", "passwd", "token", "credential", "jaas", "key"};
    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@\\s]+@");
    /** Values of {@code secret-ish.key=value} or {@code key: value} pairs in free text. */
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)([\\w.-]*(?:auth|secret|password|passwd|token|credential|jaas|key)[\\w.-]*\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s,;\\]]+)");
    /** Shorter values are too likely to occur in innocent text to be masked wherever they appear. */
    private static final int MIN_KNOWN_SECRET_LENGTH = 4;

    /** Options naming key columns ({@code keys}, {@code left-keys}, {@code dedupe.keys}): structure, not secrets. */
    private static final Pattern COLUMN_LIST = Pattern.compile("(.*[.])?((left|right|join|group|partition|primary|dedupe)-)?keys");

    private Secrets() {}

    /** Whether an option's value is secret because of its key. */
    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (COLUMN_LIST.matcher(k).matches()) {
            return false;
        }
        for (String w : SECRET_WORDS) {
            if (k.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** {@code s3a://KEY:SECRET@bucket/x} becomes {@code s3a://******@bucket/x}; anything else is unchanged. */
    public static String maskUserInfo(String text) {
        return USER_INFO.matcher(text).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "@");
    }

    /** The value to show for an option: masked when its key or its content is secret. */
    public static String optionValue(String key, String value, Collection<String> knownSecrets) {
        return isSecretKey(key) ? MASK : mask(value, knownSecrets);
    }

    /** Free text with URI user-info, {@code secret-key=value} pairs and every known secret value masked. */
    public static String mask(String text, Collection<String> knownSecrets) {
        return maskValues(KEY_VALUE.matcher(text).replaceAll("$1" + Matcher.quoteReplacement(MASK)), knownSecrets);
    }

    /** Text with URI user-info and every known secret value masked (for structured output that masks keys itself). */
    public static String maskValues(String text, Collection<String> knownSecrets) {
        String out = maskUserInfo(text);
        for (String s : knownSecrets) {
            if (s != null && s.length() >= MIN_KNOWN_SECRET_LENGTH) {
                out = out.replace(s, MASK);
            }
        }
        return out;
    }
}
