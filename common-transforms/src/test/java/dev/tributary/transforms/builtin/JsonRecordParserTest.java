package dev.tributary.transforms.builtin;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class JsonRecordParserTest {

    private static final RecordSchema SCHEMA = RecordSchema.of("t",
            Field.required("id", FieldType.STRING),
            Field.required("ts", FieldType.TIMESTAMP),
            Field.decimal("amount", true, 12, 2),
            Field.optional("n", FieldType.LONG),
            Field.optional("i", FieldType.INT),
            Field.optional("ok", FieldType.BOOLEAN),
            Field.optional("x", FieldType.DOUBLE),
            Field.optional("d", FieldType.DATE));

    private final JsonRecordParser parser = new JsonRecordParser(SCHEMA, SCHEMA.arity() + 2);

    @Test
    void parsesAndNormalisesEveryType() {
        JsonRecordParser.Result r = parser.parse("{\"id\":\"  a-1 \",\"ts\":\"2026-01-05T10:00:00.123+01:00\",\"amount\":12.340,"
                + "\"n\":9007199254740993,\"i\":7,\"ok\":true,\"x\":1.5,\"d\":\"2026-01-05\",\"unknown\":[1,2]}");

        assertThat(r.isValid()).isTrue();
        assertThat(r.row().getArity()).isEqualTo(SCHEMA.arity() + 2);
        assertThat(r.row().getField(0)).isEqualTo("a-1");
        assertThat(r.row().getField(1)).isEqualTo(Instant.parse("2026-01-05T09:00:00.123Z"));
        assertThat(r.row().getField(2)).isEqualTo(new BigDecimal("12.34"));
        assertThat(r.row().getField(3)).isEqualTo(9007199254740993L);
        assertThat(r.row().getField(4)).isEqualTo(7);
        assertThat(r.row().getField(5)).isEqualTo(true);
        assertThat(r.row().getField(6)).isEqualTo(1.5);
        assertThat(r.row().getField(7)).isEqualTo(LocalDate.of(2026, 1, 5));
    }

    @Test
    void acceptsStringMoneyAndLeavesOptionalNulls() {
        JsonRecordParser.Result r = parser.parse("{\"id\":\"b\",\"ts\":\"2026-01-05T10:00:00Z\",\"amount\":\"7\",\"n\":null}");

        assertThat(r.isValid()).isTrue();
        assertThat(r.row().getField(2)).isEqualTo(new BigDecimal("7.00"));
        assertThat(r.row().getField(3)).isNull();
    }

    @Test
    void explainsWhyAPayloadIsMalformedWithoutEchoingValues() {
        assertThat(parser.parse("{\"id\":\"a\",\"ts\":").error()).startsWith("parse-error:");
        assertThat(parser.parse("").error()).isEqualTo("parse-error: empty payload");
        assertThat(parser.parse(null).error()).isEqualTo("parse-error: empty payload");
        assertThat(parser.parse("[1,2]").error()).isEqualTo("parse-error: expected a JSON object, found array");
        assertThat(parser.parse("{\"ts\":\"2026-01-05T10:00:00Z\",\"amount\":1}").error()).isEqualTo("missing-field: 'id' is required");
        assertThat(parser.parse("{\"id\":\"a\",\"ts\":\"2026-01-05T10:00:00Z\",\"amount\":null}").error()).isEqualTo("missing-field: 'amount' is required");
        String wrong = parser.parse("{\"id\":\"a\",\"ts\":\"secret@example.com\",\"amount\":1}").error();
        assertThat(wrong).startsWith("wrong-type: 'ts' expected TIMESTAMP").endsWith("found string").doesNotContain("secret");
        assertThat(parser.parse("{\"id\":\"a\",\"ts\":\"2026-01-05T10:00:00Z\",\"amount\":\"abc\"}").error()).startsWith("wrong-type: 'amount' expected DECIMAL(12,2)");
        assertThat(parser.parse("{\"id\":\"a\",\"ts\":\"2026-01-05T10:00:00Z\",\"amount\":1,\"i\":3000000000}").error()).startsWith("out-of-range: 'i' does not fit INT");
        assertThat(parser.parse("{\"id\":\"a\",\"ts\":\"2026-01-05T10:00:00Z\",\"amount\":1,\"n\":1.5}").error()).startsWith("wrong-type: 'n' expected LONG");
        assertThat(parser.parse("{\"id\":\"a\",\"ts\":\"2026-01-05T10:00:00Z\",\"amount\":1,\"ok\":\"yes\"}").error()).startsWith("wrong-type: 'ok' expected BOOLEAN");
    }

    @Test
    void rejectsMoneyThatDoesNotFitTheDeclaredPrecision() {
        assertThat(parser.parse("{\"id\":\"a\",\"ts\":\"2026-01-05T10:00:00Z\",\"amount\":12345678901.5}").error())
                .startsWith("out-of-range: 'amount' does not fit DECIMAL(12,2)");
        assertThat(parser.parse("{\"id\":\"a\",\"ts\":\"2026-01-05T10:00:00Z\",\"amount\":1234567890.5}").isValid()).isTrue();
    }

    @Test
    void handlesUnicodeAndHugeStrings() {
        String big = "é".repeat(100_000);
        JsonRecordParser.Result r = parser.parse("{\"id\":\"" + big + "\",\"ts\":\"2026-01-05T10:00:00Z\",\"amount\":0}");

        assertThat(r.isValid()).isTrue();
        assertThat(r.row().getField(0)).isEqualTo(big);
    }
}
