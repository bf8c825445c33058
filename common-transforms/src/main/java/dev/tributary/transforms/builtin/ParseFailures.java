package dev.tributary.transforms.builtin;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;

import org.apache.flink.annotation.Internal;

/**
 * Turns Jackson's parse exceptions into quarantine reasons that never quote the record. Jackson's messages
 * quote the offending token (the local part of an unquoted e-mail, say), so only the exception's kind and
 * the location are kept: {@code parse-error: invalid JSON at line 1 column 17: unexpected character}.
 */
@Internal
final class ParseFailures {
    private ParseFailures() {}

    static String reason(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
        return "parse-error: invalid JSON" + where + ": " + what(e);
    }

    private static String what(JsonProcessingException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            if (m.contains("nesting depth")) {
                return "nested deeper than the parser allows (" + JsonRecordParser.MAX_DEPTH + " levels)";
            }
            if (m.startsWith("Number value length") || m.contains("Number")) {
                return "a number longer than the parser allows";
            }
            if (m.startsWith("String value length") || m.contains("String")) {
                return "a string longer than the parser allows";
            }
            return "beyond a parser limit";
        }
        if (e instanceof JsonEOFException || m.startsWith("Unexpected end-of-input")) {
            return "unexpected end of input (truncated record?)";
        }
        if (m.startsWith("Unexpected character")) {
            return "unexpected character";
        }
        if (m.startsWith("Unrecognized token")) {
            return "unrecognized token (unquoted text?)";
        }
        if (m.startsWith("Illegal unquoted character")) {
            return "control character inside a string (escape it)";
        }
        if (m.startsWith("Unrecognized character escape") || m.contains("escape")) {
            return "invalid escape sequence";
        }
        if (m.contains("UTF") || m.startsWith("Invalid UTF-8")) {
            return "invalid UTF-8";
        }
        if (m.contains("numeric value") || m.contains("Numeric value") || m.contains("number")) {
            return "invalid number";
        }
        if (m.startsWith("Illegal character") || m.startsWith("Invalid white space")) {
            return "illegal character";
        }
        return "malformed JSON";
    }
}
