package dev.tributary.jobs.blocks;

import dev.tributary.quality.internal.expression.Expression;
import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.Locale;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * One declared aggregate: an interval join's aggregate over a left record's matches, or a window's measure.
 *
 * <table>
 *   <caption>functions and result types</caption>
 *   <tr><td>count [where f]</td><td>rows (satisfying f)</td><td>LONG NOT NULL</td></tr>
 *   <tr><td>sum c [where f]</td><td>0 over no rows</td><td>INT/LONG: LONG, DOUBLE: DOUBLE, DECIMAL(p,s): DECIMAL(38,s); NOT NULL</td></tr>
 *   <tr><td>min/max c [where f]</td><td>null over no rows</td><td>type of c</td></tr>
 *   <tr><td>avg c [where f]</td><td>null over no rows; HALF_EVEN</td><td>DECIMAL(p,s): DECIMAL(38,s), else DOUBLE</td></tr>
 *   <tr><td>first/last c [where f]</td><td>c of the earliest/latest row by event time</td><td>type of c</td></tr>
 *   <tr><td>any/all p</td><td>some/every row has p TRUE (false/true over no rows)</td><td>BOOLEAN NOT NULL</td></tr>
 *   <tr><td>count-distinct c [where f]</td><td>distinct non-null values, exact</td><td>LONG NOT NULL</td></tr>
 * </table>
 *
 * Filters and predicates are boolean expressions over the input's columns in the language of the
 * {@code expression} quality rule (comparisons, AND/OR/NOT, IN, LIKE, BETWEEN, IS NULL, arithmetic); a null
 * result counts as false. {@link #as(String)} declares another numeric result type (e.g. {@code INT},
 * {@code DECIMAL(18, 2)}); values are converted HALF_EVEN and a value that does not fit fails the job.
 */
@PublicEvolving
public final class Aggregate implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The aggregate functions. */
    @PublicEvolving
    public enum Function {
        COUNT, SUM, MIN, MAX, AVG, FIRST, LAST, ANY, ALL, COUNT_DISTINCT;

        /** The name in pipeline definitions: lower case, '-' for '_'. */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        boolean needsColumn() {
            return this != COUNT && this != ANY && this != ALL;
        }

        boolean needsNumber() {
            return this == SUM || this == AVG;
        }
    }

    private final String name;
    private final Function function;
    @Nullable private final String column;
    @Nullable private final String filter;
    @Nullable private final String type;

    private Aggregate(String name, Function function, @Nullable String column, @Nullable String filter, @Nullable String type) {
        this.name = checkNotNull(name, "name");
        this.function = checkNotNull(function, "function");
        this.column = column;
        this.filter = filter;
        this.type = type;
    }

    /** An aggregate of {@code function} over {@code column} (null for count, any, all). */
    public static Aggregate of(String name, Function function, @Nullable String column) {
        return new Aggregate(name, function, column, null, null);
    }

    public static Aggregate count(String name) {
        return of(name, Function.COUNT, null);
    }

    public static Aggregate countIf(String name, String filter) {
        return count(name).where(filter);
    }

    public static Aggregate sum(String name, String column) {
        return of(name, Function.SUM, column);
    }

    public static Aggregate min(String name, String column) {
        return of(name, Function.MIN, column);
    }

    public static Aggregate max(String name, String column) {
        return of(name, Function.MAX, column);
    }

    public static Aggregate avg(String name, String column) {
        return of(name, Function.AVG, column);
    }

    public static Aggregate first(String name, String column) {
        return of(name, Function.FIRST, column);
    }

    public static Aggregate last(String name, String column) {
        return of(name, Function.LAST, column);
    }

    public static Aggregate countDistinct(String name, String column) {
        return of(name, Function.COUNT_DISTINCT, column);
    }

    /** TRUE if some row satisfies {@code predicate}. */
    public static Aggregate any(String name, String predicate) {
        return new Aggregate(name, Function.ANY, null, predicate, null);
    }

    /** TRUE if every row satisfies {@code predicate}. */
    public static Aggregate all(String name, String predicate) {
        return new Aggregate(name, Function.ALL, null, predicate, null);
    }

    /** Only rows for which {@code filter} is TRUE are aggregated (for any/all: the predicate). */
    public Aggregate where(String filter) {
        return new Aggregate(name, function, column, checkNotNull(filter, "filter"), type);
    }

    /** Declares the result type (a numeric type text such as {@code INT} or {@code DECIMAL(18, 2)}). */
    public Aggregate as(String type) {
        return new Aggregate(name, function, column, filter, checkNotNull(type, "type"));
    }

    public String name() {
        return name;
    }

    public Function function() {
        return function;
    }

    @Nullable
    public String column() {
        return column;
    }

    @Nullable
    public String filter() {
        return filter;
    }

    @Nullable
    public String type() {
        return type;
    }

    /**
     * The result column over rows of {@code input}.
     *
     * @throws IllegalArgumentException naming the unknown column, the non-numeric column, the bad filter or type
     */
    public Field outputField(RecordSchema input) {
        Field in = null;
        if (function.needsColumn()) {
            if (column == null) {
                throw new IllegalArgumentException("aggregate '" + name + "': " + function.key() + " needs a column");
            }
            if (!input.contains(column)) {
                throw new IllegalArgumentException("aggregate '" + name + "': unknown column '" + column + "'; expected one of "
                        + input.fieldNames());
            }
            in = input.field(column);
            if (function.needsNumber() && !FieldTypes.isNumeric(in.type())) {
                throw new IllegalArgumentException("aggregate '" + name + "': " + function.key() + " of column '" + column
                        + "' of type " + in.type() + "; expected a numeric column (INT, LONG, DOUBLE, DECIMAL)");
            }
        } else if (column != null) {
            throw new IllegalArgumentException("aggregate '" + name + "': " + function.key() + " takes no column");
        }
        if ((function == Function.ANY || function == Function.ALL) && filter == null) {
            throw new IllegalArgumentException("aggregate '" + name + "': " + function.key() + " needs a predicate");
        }
        if (filter != null) {
            try {
                Expression.compile(filter, input);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("aggregate '" + name + "': filter '" + filter + "': " + e.getMessage());
            }
        }
        Field natural = naturalField(in);
        if (type == null) {
            return natural;
        }
        Field declared = FieldTypes.parse(name, type);
        if (!FieldTypes.isNumeric(natural.type()) || !FieldTypes.isNumeric(declared.type())) {
            throw new IllegalArgumentException("aggregate '" + name + "': result type " + type + " for a " + natural.type()
                    + " result; only numeric results take another numeric type");
        }
        if (!natural.isRequired()) {
            return declared.asOptional();
        }
        return declared.type() == FieldType.DECIMAL ? Field.decimal(name, true, declared.precision(), declared.scale())
                : Field.required(name, declared.type());
    }

    private Field naturalField(@Nullable Field in) {
        switch (function) {
            case COUNT:
            case COUNT_DISTINCT:
                return Field.required(name, FieldType.LONG);
            case ANY:
            case ALL:
                return Field.required(name, FieldType.BOOLEAN);
            case SUM:
                if (in.type() == FieldType.DECIMAL) {
                    return Field.decimal(name, true, 38, in.scale());
                }
                return Field.required(name, in.type() == FieldType.DOUBLE ? FieldType.DOUBLE : FieldType.LONG);
            case AVG:
                return in.type() == FieldType.DECIMAL ? Field.decimal(name, false, 38, in.scale()) : Field.optional(name, FieldType.DOUBLE);
            default:
                return in.withName(name).asOptional();
        }
    }

    @Override
    public String toString() {
        return name + " = " + function.key() + (column != null ? " " + column : "") + (filter != null ? " where " + filter : "")
                + (type != null ? " as " + type : "");
    }
}
