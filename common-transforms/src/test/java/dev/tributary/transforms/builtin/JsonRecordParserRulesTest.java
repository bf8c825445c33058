package dev.tributary.transforms.builtin;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.ParsingOptions;
import dev.tributary.transforms.api.RecordSchema;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12, defects 2-4 at the parser: nothing is silently dropped, reinterpreted or echoed. */
class JsonRecordParserRulesTest {

    private static final RecordSchema SCHEMA = RecordSchema.of("t",
            Field.required("id", FieldType.STRING),
            Field.required("ts", FieldType.TIMESTAMP),
            Field.decimal("amount", true, 12, 2),
            Field.optional("email", FieldType.STRING));
    private static final String OK = "{\"id\":\"a\",\"ts\":\"2026-01-05T10:00:00Z\",\"amount\":1.5}";

    private static JsonRecordParser parser(ParsingOptions options) {
        return new JsonRecordParser(SCHEMA, SCHEMA.arity(), options, "ts", Set.of("email"));
    }

    private final JsonRecordParser strict = parser(ParsingOptions.defaults());

    @Test
    void refusesTwoValuesOrTrailingContentOnOneLine() {
        assertThat(strict.parse(OK).isValid()).isTrue();
        assertThat(strict.parse(OK + "  ").isValid()).isTrue();
        assertThat(strict.parse(OK + OK).error()).startsWith("trailing-content: a second JSON value");
        assertThat(strict.parse(OK + " " + OK).error()).startsWith("trailing-content: a second JSON value");
        assertThat(strict.parse(OK + " trailing-garbage").error()).startsWith("trailing-content: content follows");
        assertThat(strict.parse(OK + ",").error()).startsWith("trailing-content");
    }

    @Test
    void refusesDuplicateKeysInsteadOfLettingTheLastWin() {
        assertThat(strict.parse("{\"id\":\"a\",\"id\":\"b\",\"ts\":\"2026-01-05T10:00:00Z\",\"amount\":1}").error())
                .isEqualTo("duplicate-key: 'id' appears more than once");
        assertThat(strict.parse("{\"x\":1,\"id\":\"a\",\"x\":2,\"ts\":\"2026-01-05T10:00:00Z\",\"amount\":1}").error())
                .isEqualTo("duplicate-key: an undeclared key appears more than once");
    }

    @Test
    void readsEpochNumbersOnlyInTheDeclaredUnit() {
        String seconds = "{\"id\":\"a\",\"ts\":1767607201,\"amount\":1}";

        assertThat(strict.parse(seconds).error()).startsWith("wrong-type: 'ts' is a number but no epoch unit is declared");
        assertThat(parser(ParsingOptions.builder().epochUnit("ts", ParsingOptions.EpochUnit.SECONDS).build()).parse(seconds)
                .row().getField(1)).isEqualTo(Instant.parse("2026-01-05T10:00:01Z"));
        // a millisecond value read in seconds lands in year 57983: outside the event-time range, refused
        assertThat(parser(ParsingOptions.builder().epochUnit("ts", ParsingOptions.EpochUnit.SECONDS).build())
                .parse("{\"id\":\"a\",\"ts\":1767607201000,\"amount\":1}").error()).startsWith("out-of-range: event time 'ts'");
        assertThat(parser(ParsingOptions.builder().epochUnit("ts", ParsingOptions.EpochUnit.MILLIS).build())
                .parse("{\"id\":\"a\",\"ts\":1767607201000,\"amount\":1}").row().getField(1))
                .isEqualTo(Instant.parse("2026-01-05T10:00:01Z"));
    }

    @Test
    void refusesMoreDecimalsThanTheScaleUnlessARoundingModeIsDeclared() {
        String tiny = "{\"id\":\"a\",\"ts\":\"2026-01-05T10:00:00Z\",\"amount\":0.005}";

        assertThat(strict.parse(tiny).error()).startsWith("wrong-type: 'amount' has more than 2 decimals");
        assertThat(parser(ParsingOptions.builder().rounding("amount", RoundingMode.HALF_UP).build()).parse(tiny)
                .row().getField(2)).isEqualTo(new BigDecimal("0.01"));
        assertThat(strict.parse(OK.replace("1.5", "12.500")).row().getField(2)).isEqualTo(new BigDecimal("12.50"));
        assertThat(strict.parse(OK.replace("1.5", "1e999999999")).error()).startsWith("out-of-range: 'amount'");
        assertThat(strict.parse(OK.replace("1.5", "1e-999999999")).error()).startsWith("wrong-type: 'amount' has more than");
        assertThat(parser(ParsingOptions.builder().rounding("amount", RoundingMode.UP).build())
                .parse(OK.replace("1.5", "1e-999999999")).row().getField(2)).isEqualTo(new BigDecimal("0.01"));
        assertThat(parser(ParsingOptions.builder().rounding("amount", RoundingMode.HALF_EVEN).build())
                .parse(OK.replace("1.5", "-1e-999999999")).row().getField(2)).isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void refusesEventTimesOutsideTheConfiguredRange() {
        assertThat(strict.parse(OK.replace("2026-01-05T10:00:00Z", "+10000-01-01T00:00:00Z")).error())
                .startsWith("out-of-range: event time 'ts' is outside [1900-01-01T00:00:00Z, 2200-01-01T00:00:00Z)");
        assertThat(strict.parse(OK.replace("2026-01-05T10:00:00Z", "10000-01-01T00:00:00Z")).error()).startsWith("wrong-type");
        JsonRecordParser narrow = parser(ParsingOptions.builder()
                .eventTimeRange(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z")).build());
        assertThat(narrow.parse(OK).isValid()).isTrue();
        assertThat(narrow.parse(OK.replace("2026-01-05", "2025-12-31")).error()).startsWith("out-of-range");
    }

    @Test
    void reasonsNeverQuoteTheRecord() {
        String[] bad = {
                "{\"id\":ada.lovelace@example.com}", "{\"id\":\"a\",\"email\":secret-token-value}", "{'email': 'ada@example.com'}",
                "{\"id\":\"a\",\"ts\":\"ada@example.com\",\"amount\":1}", "{\"id\":\"a\u0001b\"}", "{\"id\":\"\\q\"}", "[\"ada@example.com\"]",
                "{\"id\":\"a\",\"amount\":12ada}", "{\"id\":" + "[".repeat(5_000), "ada@example.com", "{\"ada@example.com\":1,\"ada@example.com\":2}"
        };
        for (String payload : bad) {
            String reason = strict.parse(payload).error();
            assertThat(reason).as(payload).isNotNull().doesNotContain("ada").doesNotContain("secret").doesNotContain("lovelace");
            assertThat(reason).as(payload).matches("(parse-error|wrong-type|duplicate-key|missing-field|trailing-content): .*");
        }
        assertThat(strict.parse("{\"id\":ada.lovelace@example.com}").error())
                .isEqualTo("parse-error: invalid JSON at line 1 column 10: unrecognized token (unquoted text?)");
        assertThat(strict.parse("{\"note\":" + "[".repeat(5_000)).error()).contains("nested deeper than the parser allows");
    }

    @Test
    void keepsUndeclaredFieldsScrubbedInExtraWhenAsked() {
        RecordSchema withExtra = SCHEMA.append(java.util.List.of(Field.optional(ParsingOptions.EXTRA_COLUMN, FieldType.STRING)));
        JsonRecordParser keep = new JsonRecordParser(withExtra, withExtra.arity(),
                ParsingOptions.builder().undeclaredFields(ParsingOptions.UndeclaredFields.KEEP).build(), "ts", Set.of("email"));

        JsonRecordParser.Result r = keep.parse("{\"id\":\"a\",\"ts\":\"2026-01-05T10:00:00Z\",\"amount\":1,\"EMAIL\":\"ada@example.com\","
                + "\"note\":\"call +44 7700 900123\",\"nested\":{\"Email\":[1],\"n\":[1,2.5,true,null]},\"_extra\":7}");

        assertThat(r.row().getField(4)).isEqualTo("{\"EMAIL\":\"[redacted]\",\"note\":\"call [phone]\","
                + "\"nested\":{\"Email\":\"[redacted]\",\"n\":[1,2.5,true,null]},\"_extra\":7}");
        assertThat(keep.parse(OK).row().getField(4)).isNull();
        assertThat(strict.parse("{\"id\":\"a\",\"ts\":\"2026-01-05T10:00:00Z\",\"amount\":1,\"note\":\"x\"}").row().getArity()).isEqualTo(4);
    }
}
