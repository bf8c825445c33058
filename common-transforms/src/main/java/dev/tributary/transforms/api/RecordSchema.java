package dev.tributary.transforms.api;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * The declared shape of a dataset's records. Records travel through Tributary as position-based
 * {@link Row}s whose field {@code i} holds a value of {@code field(i).type().javaClass()} or null.
 * Positions are resolved once (by name) when an operator is built, never per record.
 */
@PublicEvolving
public final class RecordSchema implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final List<Field> fields;
    private final Map<String, Integer> positions;

    public RecordSchema(String name, List<Field> fields) {
        this.name = checkNotNull(name, "name");
        this.fields = Collections.unmodifiableList(new ArrayList<>(checkNotNull(fields, "fields")));
        Map<String, Integer> pos = new HashMap<>();
        for (int i = 0; i < this.fields.size(); i++) {
            Integer previous = pos.put(this.fields.get(i).name(), i);
            checkArgument(previous == null, "schema '%s' declares field '%s' twice", name, this.fields.get(i).name());
        }
        this.positions = pos;
    }

    public static RecordSchema of(String name, Field... fields) {
        return new RecordSchema(name, List.of(fields));
    }

    public String name() {
        return name;
    }

    public List<Field> fields() {
        return fields;
    }

    public int arity() {
        return fields.size();
    }

    public Field field(int position) {
        return fields.get(position);
    }

    public boolean contains(String fieldName) {
        return positions.containsKey(fieldName);
    }

    /** Position of a field, or an error naming the schema and its fields. */
    public int indexOf(String fieldName) {
        Integer p = positions.get(fieldName);
        if (p == null) {
            throw new IllegalArgumentException(
                    "dataset '" + name + "' has no field '" + fieldName + "'; fields are " + fieldNames());
        }
        return p;
    }

    public Field field(String fieldName) {
        return fields.get(indexOf(fieldName));
    }

    public List<String> fieldNames() {
        List<String> names = new ArrayList<>(fields.size());
        for (Field f : fields) {
            names.add(f.name());
        }
        return names;
    }

    /** A schema with these fields appended (e.g. ingestion metadata). */
    public RecordSchema append(List<Field> more) {
        List<Field> all = new ArrayList<>(fields);
        all.addAll(more);
        return new RecordSchema(name, all);
    }

    /** A new, empty row of this schema's arity. */
    public Row newRow() {
        return Row.withPositions(fields.size());
    }

    /** Flink type information for rows of this schema, so rows serialize without Kryo. */
    public RowTypeInfo rowTypeInfo() {
        TypeInformation<?>[] types = new TypeInformation<?>[fields.size()];
        String[] names = new String[fields.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = typeInfo(fields.get(i).type());
            names[i] = fields.get(i).name();
        }
        return new RowTypeInfo(types, names);
    }

    static TypeInformation<?> typeInfo(FieldType type) {
        switch (type) {
            case STRING:
                return Types.STRING;
            case BOOLEAN:
                return Types.BOOLEAN;
            case INT:
                return Types.INT;
            case LONG:
                return Types.LONG;
            case DOUBLE:
                return Types.DOUBLE;
            case DECIMAL:
                return Types.BIG_DEC;
            case TIMESTAMP:
                return Types.INSTANT;
            case DATE:
                return Types.LOCAL_DATE;
            default:
                throw new IllegalStateException("unhandled type " + type);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RecordSchema)) {
            return false;
        }
        RecordSchema that = (RecordSchema) o;
        return name.equals(that.name) && fields.equals(that.fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, fields);
    }

    @Override
    public String toString() {
        return name + fields;
    }
}
