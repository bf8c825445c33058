package dev.tributary.transforms.builtin;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.ParsingOptions;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.apache.flink.annotation.Internal;
import org.apache.flink.types.Row;

import javax.annotation.Nullable;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Reads the JSON value the parser is on into one typed column of a row, or says why it cannot, without
 * quoting the value (reasons land in the quarantine, values may be PII). See {@link JsonRecordParser}.
 */
@Internal
final class FieldReader {
    /** Longest decimal accepted as a JSON string (BigDecimal parsing of long text is super-linear). */
    private static final int MAX_DECIMAL_TEXT = 100;

    private final ParsingOptions options;

    FieldReader(ParsingOptions options) {
        this.options = options;
    }

    /** Sets column {@code i} from the current token; null on success, else the reason. */
    @Nullable
    String read(Field f, int i, JsonParser p, Row row) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        Object v;
        switch (f.type()) {
            case STRING:
                v = t == JsonToken.VALUE_STRING ? p.getText().trim() : t.isNumeric() ? p.getText() : null;
                break;
            case BOOLEAN:
                v = t == JsonToken.VALUE_TRUE ? Boolean.TRUE : t == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
                break;
            case INT:
                if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.INT) {
                    return outOfRange(f);
                }
                v = t == JsonToken.VALUE_NUMBER_INT ? (Object) p.getIntValue() : null;
                break;
            case LONG:
                if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return outOfRange(f);
                }
                v = t == JsonToken.VALUE_NUMBER_INT ? (Object) p.getLongValue() : null;
                break;
            case DOUBLE:
                if (!t.isNumeric()) {
                    v = null;
                    break;
                }
                double d = p.getDoubleValue();
                if (Double.isInfinite(d)) {
                    return outOfRange(f);
                }
                v = d;
                break;
            case DECIMAL:
                return decimal(f, i, t, p, row);
            case TIMESTAMP:
                return timestamp(f, i, t, p, row);
            case DATE:
                v = t == JsonToken.VALUE_STRING ? date(p.getText().trim()) : null;
                break;
            default:
                v = null;
        }
        if (v == null) {
            return wrongType(f, t);
        }
        row.setField(i, v);
        return null;
    }

    @Nullable
    private String decimal(Field f, int i, JsonToken t, JsonParser p, Row row) throws IOException {
        BigDecimal v;
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            v = p.getDecimalValue();
        } else if (t == JsonToken.VALUE_STRING) {
            String text = p.getText().trim();
            if (text.isEmpty() || text.length() > MAX_DECIMAL_TEXT) {
                return wrongType(f, t);
            }
            try {
                v = new BigDecimal(text);
            } catch (NumberFormatException e) {
                return wrongType(f, t);
            }
        } else {
            return wrongType(f, t);
        }
        // Integer digits first: "1e999999999" must be refused before any arithmetic on it.
        if (v.signum() != 0 && (long) v.precision() - v.scale() > f.precision() - f.scale()) {
            return outOfRange(f);
        }
        if (v.scale() > f.scale()) {
            RoundingMode mode = options.rounding().get(f.name());
            BigDecimal exact = v.signum() == 0 ? BigDecimal.ZERO : v.scale() - f.scale() > 64 ? null : v.stripTrailingZeros();
            if (exact != null && exact.scale() <= f.scale()) {
                v = exact;
            } else if (mode == null) {
                return "wrong-type: '" + f.name() + "' has more than " + f.scale() + " decimals (DECIMAL(" + f.precision() + ","
                        + f.scale() + ")); declare parsing.rounding." + f.name() + " to round instead";
            } else if ((long) v.precision() - v.scale() < -(f.scale() + 1L)) {
                // Far below the last kept digit: a stand-in below half a unit rounds exactly as the value does,
                // without scaling by a power of ten that could be enormous (1e-999999999).
                v = BigDecimal.ONE.scaleByPowerOfTen(-(f.scale() + 2)).multiply(BigDecimal.valueOf(v.signum()));
                v = v.setScale(f.scale(), mode);
            } else {
                v = v.setScale(f.scale(), mode);
            }
        }
        BigDecimal scaled = v.setScale(f.scale(), RoundingMode.UNNECESSARY);
        if (scaled.precision() > f.precision()) {
            return outOfRange(f);
        }
        row.setField(i, scaled);
        return null;
    }

    @Nullable
    private String timestamp(Field f, int i, JsonToken t, JsonParser p, Row row) throws IOException {
        Instant v;
        if (t == JsonToken.VALUE_STRING) {
            v = IsoInstants.parse(p.getText().trim());
            if (v == null) {
                return wrongType(f, t);
            }
        } else if (t == JsonToken.VALUE_NUMBER_INT) {
            ParsingOptions.EpochUnit unit = options.epochUnits().get(f.name());
            if (unit == null) {
                return "wrong-type: '" + f.name() + "' is a number but no epoch unit is declared for it; declare parsing.epoch-units."
                        + f.name() + ": epoch-millis or epoch-seconds (or send ISO-8601 text)";
            }
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                return outOfRange(f);
            }
            try {
                v = unit == ParsingOptions.EpochUnit.MILLIS ? Instant.ofEpochMilli(p.getLongValue()) : Instant.ofEpochSecond(p.getLongValue());
            } catch (DateTimeException | ArithmeticException e) {
                return outOfRange(f);
            }
        } else {
            return wrongType(f, t);
        }
        row.setField(i, v);
        return null;
    }

    @Nullable
    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String outOfRange(Field f) {
        return "out-of-range: '" + f.name() + "' does not fit " + describe(f);
    }

    private static String wrongType(Field f, JsonToken t) {
        return "wrong-type: '" + f.name() + "' expected " + describe(f) + ", found " + JsonRecordParser.describe(t);
    }

    private static String describe(Field f) {
        switch (f.type()) {
            case TIMESTAMP:
                return "TIMESTAMP (ISO-8601 with offset)";
            case DECIMAL:
                return "DECIMAL(" + f.precision() + "," + f.scale() + ")";
            default:
                return f.type().name();
        }
    }
}
