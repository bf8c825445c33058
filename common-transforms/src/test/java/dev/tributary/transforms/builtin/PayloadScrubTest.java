package dev.tributary.transforms.builtin;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.PiiKey;
import dev.tributary.transforms.api.PiiPolicy;
import dev.tributary.transforms.api.RecordSchema;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12, defects 1 and 3: payload scrubbing that no input can crash and no key spelling can evade. */
class PayloadScrubTest {

    private static final RecordSchema SCHEMA = RecordSchema.of("people",
            Field.required("id", FieldType.STRING),
            Field.optional("email", FieldType.STRING),
            Field.optional("phone", FieldType.STRING),
            Field.optional("address", FieldType.STRING),
            Field.optional("note", FieldType.STRING));
    private static final PiiPolicy POLICY = PiiPolicy.builder().hash("email").mask("phone", 4).redact("address").build();
    private final PiiMasker m = new PiiMasker(SCHEMA, POLICY, new PiiKey("v1", "0123456789abcdef-secret"));

    @Test
    void aLongPiiValueInAMalformedRecordNoLongerOverflowsTheStack() {
        String huge = "x".repeat(2_000) + "@example.com";
        for (String payload : new String[] {
                "{\"id\":\"a\",\"email\":\"" + huge, // unterminated (defect 1 as reported)
                "{\"id\":\"a\",\"email\":\"" + huge + "\",",
                "{\"id\":\"a\",\"email\":\"" + "\\\"".repeat(50_000), // escapes all the way
                "{\"email\":" + "[".repeat(200_000), // depth bomb under a PII key
                "{\"note\":" + "{\"a\":".repeat(100_000), // depth bomb elsewhere
        }) {
            String out = m.scrubPayload(payload);
            assertThat(out).doesNotContain("x".repeat(100)).doesNotContain("@example.com");
        }
    }

    @Test
    void matchesKeysUnescapedAndInAnyLetterCase() {
        String token = m.token("ada@example.com");

        assertThat(m.scrubPayload("{\"em\\u0061il\":\"ada@example.com\",\"id\":\"p\"}"))
                .isEqualTo("{\"em\\u0061il\":\"" + token + "\",\"id\":\"p\"}");
        assertThat(m.scrubPayload("{\"Email\":\"ada@example.com\",\"PHONE\":\"+44 7700 900123\",\"Address\":\"1 Main St\"}"))
                .isEqualTo("{\"Email\":\"" + token + "\",\"PHONE\":\"***********0123\",\"Address\":\"[redacted]\"}");
    }

    @Test
    void scrubsSingleQuotedPseudoJsonAndPlainTextByKeyAndByValue() {
        String python = "{'id': 'p', 'email': 'ada@example.com', 'phone': '+44 7700 900123', 'address': '1 Main St'}";
        assertThat(m.scrubPayload(python))
                .isEqualTo("{'id': 'p', 'email': \"" + m.token("ada@example.com") + "\", 'phone': \"***********0123\", "
                        + "'address': \"[redacted]\"}");
        assertThat(m.scrubPayload("customer ada@example.com called from +44 7700 900123, card 4539 1488 0343 6467"))
                .isEqualTo("customer [email] called from [phone], card [card]");
        assertThat(m.scrubPayload("email=ada@example.com address=1 Main St&id=7"))
                .isEqualTo("email=\"" + m.token("ada@example.com") + "\" address=\"[redacted]\"&id=7");
    }

    @Test
    void scrubsUndeclaredKeysAndKeysThemselvesByValue() {
        assertThat(m.scrubPayload("{\"id\":\"p\",\"contact\":{\"mail\":\"bob@example.org\",\"tel\":\"(555) 010-4477\"},"
                + "\"bob@example.org\":1}"))
                .isEqualTo("{\"id\":\"p\",\"contact\":{\"mail\":\"[email]\",\"tel\":\"[phone]\"},\"[email]\":1}");
        assertThat(m.scrubPayload("{\"note\":\"write to bob\\u0040example.org\"}")).isEqualTo("{\"note\":\"write to [email]\"}");
        assertThat(m.scrubPayload("{\"id\":\"p\"} trailing bob\\u0040example.org"))
                .isEqualTo("{\"id\":\"p\"} trailing [email]");
    }

    @Test
    void protectsEveryValueOfTwoRecordsOnOneLine() {
        String out = m.scrubPayload("{\"email\":\"a@example.com\"}{\"email\":\"b@example.com\"}");

        assertThat(out).isEqualTo("{\"email\":\"" + m.token("a@example.com") + "\"}{\"email\":\"" + m.token("b@example.com") + "\"}");
    }

    @Test
    void keepsValuesThatOnlyLookNumeric() {
        String payload = "{\"id\":\"o-1\",\"ts\":\"2026-01-05T10:00:00Z\",\"amount\":\"1234567.89\",\"n\":1767607200000}";

        assertThat(m.scrubPayload(payload)).isEqualTo(payload);
        assertThat(PiiValueScanner.scrub("4539 1488 0343 6468")).isEqualTo("4539 1488 0343 6468"); // fails Luhn: no card
        assertThat(PiiValueScanner.scrub("order 12345")).isEqualTo("order 12345");
    }
}
