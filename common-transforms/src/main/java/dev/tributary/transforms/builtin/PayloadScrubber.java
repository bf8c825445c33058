package dev.tributary.transforms.builtin;

import dev.tributary.transforms.api.PiiPolicy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Scrubs PII out of a raw payload of any shape, for the quarantine. Three passes over one text, each
 * linear in its length and none recursive:
 *
 * <ol>
 *   <li>Jackson's streaming tokenizer reads as much of the text as is JSON. Keys are compared
 *       unescaped and case-insensitively with the PII columns ({@code "em\u0061il"} and {@code "Email"} are
 *       {@code email}); such a key's value (string, number, or whole object/array) is replaced by its
 *       protected form. Every other string value and key is scanned by value ({@link PiiValueScanner}).
 *   <li>Where the tokenizer stops (truncated record, single-quoted pseudo-JSON, plain text), {@link
 *       LenientPayloadScanner} finds {@code key: value} and {@code key=value} pairs with single, double or
 *       no quotes and protects the values of PII keys; a value left open by the tokenizer is protected
 *       to the end of the text.
 *   <li>All remaining text past that point is scanned by value, after decoding {@code \\uXXXX} escapes.
 * </ol>
 *
 * The original text is kept outside the replaced spans, so a quarantined payload still reads as it came.
 */
@Internal
final class PayloadScrubber {
    private final Map<String, PiiPolicy.ColumnRule> rulesByLowerName;
    private final BiFunction<PiiPolicy.ColumnRule, String, String> protect;
    private final JsonFactory factory;

    PayloadScrubber(Map<String, PiiPolicy.ColumnRule> rulesByLowerName, BiFunction<PiiPolicy.ColumnRule, String, String> protect) {
        this.rulesByLowerName = rulesByLowerName;
        this.protect = protect;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1000).build())
                .build();
    }

    String scrub(String payload) {
        Spans spans = new Spans();
        int tailStart = payload.length();
        PiiPolicy.ColumnRule pending = null;
        try (JsonParser p = factory.createParser(payload)) {
            int goodEnd = 0;
            JsonToken t;
            PiiPolicy.ColumnRule valueRule = null;
            while (true) {
                try {
                    t = p.nextToken();
                    if (t == null) {
                        break;
                    }
                    int start = (int) p.currentTokenLocation().getCharOffset();
                    if (t == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        valueRule = rule(name);
                        int nameEnd = closingQuote(payload, start) + 1;
                        String scanned = PiiValueScanner.scrub(name);
                        if (scanned != name) {
                            spans.add(start, nameEnd, JsonQuoting.quote(scanned));
                        }
                        goodEnd = nameEnd;
                        pending = valueRule;
                        continue;
                    }
                    pending = null;
                    if (valueRule != null && (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY)) {
                        tailStart = start; // if the subtree is cut short, the lenient pass protects the rest
                        pending = valueRule;
                        p.skipChildren();
                        int end = (int) p.currentLocation().getCharOffset();
                        spans.add(start, end, JsonQuoting.quote(protect.apply(valueRule, payload.substring(start, end))));
                        tailStart = payload.length();
                        pending = null;
                        goodEnd = end;
                    } else if (t.isScalarValue()) {
                        if (t == JsonToken.VALUE_STRING) {
                            tailStart = start;
                            pending = valueRule;
                        }
                        String text = p.getText();
                        int end = (int) p.currentLocation().getCharOffset();
                        tailStart = payload.length();
                        pending = null;
                        if (valueRule != null) {
                            spans.add(start, end, JsonQuoting.quote(protect.apply(valueRule, text.trim())));
                        } else if (t == JsonToken.VALUE_STRING) {
                            String scanned = PiiValueScanner.scrub(text);
                            if (scanned != text) {
                                spans.add(start, end, JsonQuoting.quote(scanned));
                            }
                        }
                        goodEnd = end;
                    } else {
                        goodEnd = (int) p.currentLocation().getCharOffset();
                    }
                    valueRule = null;
                } catch (IOException | RuntimeException e) {
                    // Not JSON from here on (or a limit was hit): continue leniently where the tokens stopped.
                    tailStart = Math.min(tailStart, goodEnd);
                    if (pending == null && valueRule != null && tailStart == goodEnd) {
                        pending = valueRule;
                    }
                    break;
                }
            }
        } catch (IOException e) {
            tailStart = 0;
            pending = null;
        }
        spans.truncateAt(tailStart);
        new LenientPayloadScanner(this::rule, protect).scan(payload, tailStart, pending, spans);
        return spans.apply(payload, tailStart);
    }

    @Nullable
    PiiPolicy.ColumnRule rule(String key) {
        return rulesByLowerName.isEmpty() ? null : rulesByLowerName.get(key.trim().toLowerCase(Locale.ROOT));
    }

    /** Index of the quote closing the JSON string opened at {@code open} (or the last index if unclosed). */
    private static int closingQuote(String s, int open) {
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return s.length() - 1;
    }
}
