package dev.tributary.jobs.blocks;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A selection of an input's columns for a block's output: entries {@code column} or {@code column AS name},
 * all columns when none are given (except those starting with {@code _}: bronze ingestion metadata and
 * change-operation columns), each output name prefixed by an optional prefix.
 */
@Internal
final class Columns implements Serializable {
    private static final long serialVersionUID = 1L;

    final int[] positions;
    final List<Field> fields;

    private Columns(int[] positions, List<Field> fields) {
        this.positions = positions;
        this.fields = fields;
    }

    /**
     * @param specs the entries; null or empty: every column except {@code exclude}
     * @param optional whether the output columns become nullable (the padded side of an outer join)
     * @throws IllegalArgumentException naming an unknown column
     */
    static Columns select(String what, RecordSchema schema, @Nullable List<String> specs, @Nullable String prefix,
            boolean optional, List<String> exclude) {
        List<String[]> pairs = new ArrayList<>();
        if (specs == null || specs.isEmpty()) {
            for (String c : schema.fieldNames()) {
                if (!exclude.contains(c) && !c.startsWith("_")) {
                    pairs.add(new String[] {c, c});
                }
            }
        } else {
            for (String s : specs) {
                pairs.add(parse(s));
            }
        }
        int[] pos = new int[pairs.size()];
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < pos.length; i++) {
            String[] p = pairs.get(i);
            if (!schema.contains(p[0])) {
                throw new IllegalArgumentException(what + ": unknown column '" + p[0] + "'; expected one of " + schema.fieldNames());
            }
            pos[i] = schema.indexOf(p[0]);
            Field f = schema.field(p[0]).withName((prefix == null ? "" : prefix) + p[1]);
            fields.add(optional ? f.asOptional() : f);
        }
        return new Columns(pos, fields);
    }

    /** {@code col} or {@code col AS name} (case-insensitive AS) as {source, target}. */
    static String[] parse(String spec) {
        String s = spec.trim();
        int as = s.toUpperCase(Locale.ROOT).indexOf(" AS ");
        if (as < 0) {
            return new String[] {s, s};
        }
        return new String[] {s.substring(0, as).trim(), s.substring(as + 4).trim()};
    }

    /** The output name of input column {@code column}, or null if not selected. */
    @Nullable
    String outputName(RecordSchema schema, String column) {
        int p = schema.indexOf(column);
        for (int i = 0; i < positions.length; i++) {
            if (positions[i] == p) {
                return fields.get(i).name();
            }
        }
        return null;
    }
}
