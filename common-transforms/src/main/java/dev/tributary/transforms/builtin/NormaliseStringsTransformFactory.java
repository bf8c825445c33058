package dev.tributary.transforms.builtin;

import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;
import dev.tributary.transforms.api.Transform;
import dev.tributary.transforms.api.TransformContext;
import dev.tributary.transforms.api.TransformFactory;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.types.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code normalise-strings}: trims STRING columns, optionally changes their case, and turns empty
 * strings into nulls (when the column is optional).
 *
 * <pre>
 * options:
 *   columns: status, currency   # default: every STRING column
 *   case: upper                 # upper | lower | keep (default keep)
 *   empty-as-null: true         # default true
 * </pre>
 */
@PublicEvolving
public final class NormaliseStringsTransformFactory implements TransformFactory {
    public static final String IDENTIFIER = "normalise-strings";
    public static final String COLUMNS = "columns";
    public static final String CASE = "case";
    public static final String EMPTY_AS_NULL = "empty-as-null";

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<String> optionalOptions() {
        return Set.of(COLUMNS, CASE, EMPTY_AS_NULL);
    }

    @Override
    public String description() {
        return "trim STRING columns, optionally upper/lower-case them, empty -> null";
    }

    @Override
    public Transform create(TransformContext context) {
        RecordSchema schema = context.inputSchema();
        List<String> names = new ArrayList<>();
        String columns = context.option(COLUMNS, "");
        if (columns.isBlank()) {
            schema.fields().stream().filter(f -> f.type() == FieldType.STRING).forEach(f -> names.add(f.name()));
        } else {
            for (String c : columns.split(",")) {
                names.add(c.trim());
            }
        }
        int[] positions = new int[names.size()];
        boolean[] nullable = new boolean[names.size()];
        for (int i = 0; i < names.size(); i++) {
            String c = names.get(i);
            if (!schema.contains(c)) {
                throw new IllegalArgumentException("option '" + COLUMNS + "': column '" + c
                        + "' is not in the input; columns are " + schema.fieldNames());
            }
            if (schema.field(c).type() != FieldType.STRING) {
                throw new IllegalArgumentException("option '" + COLUMNS + "': column '" + c
                        + "' must be STRING, is " + schema.field(c).type());
            }
            positions[i] = schema.indexOf(c);
            nullable[i] = !schema.field(c).isRequired();
        }
        String mode = context.option(CASE, "keep").toLowerCase(Locale.ROOT);
        if (!Set.of("upper", "lower", "keep").contains(mode)) {
            throw new IllegalArgumentException("option '" + CASE + "': expected upper, lower or keep, found '" + mode + "'");
        }
        String empty = context.option(EMPTY_AS_NULL, "true").toLowerCase(Locale.ROOT);
        if (!empty.equals("true") && !empty.equals("false")) {
            throw new IllegalArgumentException("option '" + EMPTY_AS_NULL + "': expected true or false, found '" + empty + "'");
        }
        return new NormaliseStrings(positions, nullable, mode, Boolean.parseBoolean(empty));
    }

    /** The transform: stateless, allocation-free for unchanged values. */
    static final class NormaliseStrings implements Transform {
        private static final long serialVersionUID = 1L;
        private final int[] positions;
        private final boolean[] nullable;
        private final String mode;
        private final boolean emptyAsNull;

        NormaliseStrings(int[] positions, boolean[] nullable, String mode, boolean emptyAsNull) {
            this.positions = positions;
            this.nullable = nullable;
            this.mode = mode;
            this.emptyAsNull = emptyAsNull;
        }

        @Override
        public Row map(Row row) {
            for (int i = 0; i < positions.length; i++) {
                Object v = row.getField(positions[i]);
                if (v == null) {
                    continue;
                }
                String s = v.toString().trim();
                if (mode.equals("upper")) {
                    s = s.toUpperCase(Locale.ROOT);
                } else if (mode.equals("lower")) {
                    s = s.toLowerCase(Locale.ROOT);
                }
                row.setField(positions[i], s.isEmpty() && emptyAsNull && nullable[i] ? null : s);
            }
            return row;
        }
    }
}
