package dev.tributary.quality.api;

import org.apache.flink.annotation.Internal;
import org.apache.flink.types.Row;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * Minimal JSON rendering of a position-based row. Written by hand rather than with Jackson so that
 * it has no state to (de)serialize and renders any value class, including unexpected ones.
 */
@Internal
final class JsonRecordRenderer implements RecordRenderer {
    private static final long serialVersionUID = 1L;
    static final String MASK = "***";

    private final List<String> names;
    private final Set<String> masked;

    JsonRecordRenderer(List<String> names, Set<String> masked) {
        this.names = List.copyOf(names);
        this.masked = Set.copyOf(masked);
    }

    @Override
    public String render(Row row) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            quote(sb, names.get(i));
            sb.append(':');
            Object v = i < row.getArity() ? row.getField(i) : null;
            if (v == null) {
                sb.append("null");
            } else if (masked.contains(names.get(i))) {
                quote(sb, MASK);
            } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
                sb.append(v);
            } else if (v instanceof BigDecimal) {
                sb.append(((BigDecimal) v).toPlainString());
            } else if (v instanceof Double && Double.isFinite((Double) v)) {
                sb.append(v);
            } else {
                quote(sb, String.valueOf(v));
            }
        }
        return sb.append('}').toString();
    }

    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
