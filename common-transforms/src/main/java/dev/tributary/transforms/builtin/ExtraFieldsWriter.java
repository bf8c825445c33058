package dev.tributary.transforms.builtin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Set;

/**
 * Collects a record's undeclared fields into one JSON object for the {@code _extra} column, scrubbing as it
 * copies: a key naming a PII column (any letter case) gets {@value PiiMasker#REDACTED} as its value, every
 * other key and string value is scanned for e-mails, phone and card numbers ({@link PiiValueScanner}).
 * Copies iteratively (nesting is bounded by the parser's depth limit), so no input can overflow the stack.
 */
@Internal
final class ExtraFieldsWriter {
    private final Set<String> piiLowerNames;
    private final JsonFactory factory;
    @Nullable private StringWriter buffer;
    @Nullable private JsonGenerator out;

    ExtraFieldsWriter(Set<String> piiLowerNames, JsonFactory factory) {
        this.piiLowerNames = piiLowerNames;
        this.factory = factory;
    }

    /** Copies the value the parser is on (just after its field name) under {@code name}. */
    void add(String name, JsonParser p) throws IOException {
        if (out == null) {
            buffer = new StringWriter();
            out = factory.createGenerator(buffer);
            out.writeStartObject();
        }
        out.writeFieldName(PiiValueScanner.scrub(name));
        if (isPii(name)) {
            out.writeString(PiiMasker.REDACTED);
            p.skipChildren();
            return;
        }
        int depth = 0;
        JsonToken t = p.currentToken();
        while (true) {
            switch (t) {
                case START_OBJECT:
                    out.writeStartObject();
                    depth++;
                    break;
                case START_ARRAY:
                    out.writeStartArray();
                    depth++;
                    break;
                case END_OBJECT:
                    out.writeEndObject();
                    depth--;
                    break;
                case END_ARRAY:
                    out.writeEndArray();
                    depth--;
                    break;
                case FIELD_NAME:
                    String key = p.currentName();
                    out.writeFieldName(new SerializedString(PiiValueScanner.scrub(key)));
                    if (isPii(key)) {
                        p.nextToken();
                        p.skipChildren();
                        out.writeString(PiiMasker.REDACTED);
                    }
                    break;
                case VALUE_STRING:
                    out.writeString(PiiValueScanner.scrub(p.getText()));
                    break;
                default:
                    out.copyCurrentEvent(p);
                    break;
            }
            if (depth == 0) {
                return;
            }
            t = p.nextToken();
        }
    }

    /** The collected JSON object, or null when the record had no undeclared fields; resets for the next record. */
    @Nullable
    String finish() throws IOException {
        if (out == null) {
            return null;
        }
        out.writeEndObject();
        out.close();
        String json = buffer.toString();
        out = null;
        buffer = null;
        return json;
    }

    /** Drops what was collected (the record turned out malformed). */
    void reset() {
        out = null;
        buffer = null;
    }

    private boolean isPii(String key) {
        return !piiLowerNames.isEmpty() && piiLowerNames.contains(key.trim().toLowerCase(Locale.ROOT));
    }
}
