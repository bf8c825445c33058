package dev.tributary.transforms.api;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.util.Objects;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/** One declared column of a dataset: a name, a type, whether it is required, and decimal shape. */
@PublicEvolving
public final class Field implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Default decimal shape for money columns. */
    public static final int DEFAULT_PRECISION = 18;

    public static final int DEFAULT_SCALE = 2;

    private final String name;
    private final FieldType type;
    private final boolean required;
    private final int precision;
    private final int scale;

    private Field(String name, FieldType type, boolean required, int precision, int scale) {
        this.name = checkNotNull(name, "name");
        this.type = checkNotNull(type, "type");
        checkArgument(!name.isBlank(), "field name must not be blank");
        checkArgument(precision > 0 && scale >= 0 && scale <= precision, "bad decimal shape %s,%s", precision, scale);
        this.required = required;
        this.precision = precision;
        this.scale = scale;
    }

    public static Field required(String name, FieldType type) {
        return new Field(name, type, true, DEFAULT_PRECISION, DEFAULT_SCALE);
    }

    public static Field optional(String name, FieldType type) {
        return new Field(name, type, false, DEFAULT_PRECISION, DEFAULT_SCALE);
    }

    public static Field decimal(String name, boolean required, int precision, int scale) {
        return new Field(name, FieldType.DECIMAL, required, precision, scale);
    }

    public String name() {
        return name;
    }

    public FieldType type() {
        return type;
    }

    public boolean isRequired() {
        return required;
    }

    public int precision() {
        return precision;
    }

    public int scale() {
        return scale;
    }

    /** The same field, not required (used for metadata and image columns that may be absent). */
    public Field asOptional() {
        return new Field(name, type, false, precision, scale);
    }

    public Field withName(String newName) {
        return new Field(newName, type, required, precision, scale);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Field)) {
            return false;
        }
        Field f = (Field) o;
        return required == f.required && precision == f.precision && scale == f.scale
                && name.equals(f.name) && type == f.type;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, required, precision, scale);
    }

    @Override
    public String toString() {
        String t = type == FieldType.DECIMAL ? "DECIMAL(" + precision + "," + scale + ")" : type.name();
        return name + " " + t + (required ? " NOT NULL" : "");
    }
}
