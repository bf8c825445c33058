package dev.tributary.jobs.blocks;

import dev.tributary.quality.internal.expression.Expression;
import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.MapTypeInfo;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Declared {@link Aggregate}s compiled against an input layout: an accumulator {@link Row} (typed, so Flink
 * serializes window state without Kryo) with one or two slots per aggregate, and the result columns.
 */
@Internal
public final class Aggregator implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Aggregate.Function[] functions;
    private final int[] columns;
    private final int[] slots;
    private final String[] filters;
    private final Field[] outputs;
    private final FieldType[] inputTypes;
    private final int timePosition;
    private final RowTypeInfo accumulatorType;
    private final RecordSchema inputSchema;
    private transient Expression[] compiled;

    /**
     * @param timePosition position of the input's event time (first/last), -1 if it has none
     * @throws IllegalArgumentException if an aggregate does not fit the input (see {@link Aggregate#outputField})
     */
    public Aggregator(List<Aggregate> aggregates, RecordSchema input, int timePosition) {
        int n = aggregates.size();
        functions = new Aggregate.Function[n];
        columns = new int[n];
        slots = new int[n];
        filters = new String[n];
        outputs = new Field[n];
        inputTypes = new FieldType[n];
        this.timePosition = timePosition;
        this.inputSchema = input;
        RowTypeInfo inType = input.rowTypeInfo();
        List<TypeInformation<?>> acc = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Aggregate a = aggregates.get(i);
            outputs[i] = a.outputField(input);
            functions[i] = a.function();
            filters[i] = a.filter();
            columns[i] = a.column() == null ? -1 : input.indexOf(a.column());
            inputTypes[i] = a.column() == null ? null : input.field(a.column()).type();
            TypeInformation<?> value = columns[i] < 0 ? null : inType.getTypeAt(columns[i]);
            slots[i] = acc.size();
            switch (a.function()) {
                case COUNT:
                    acc.add(Types.LONG);
                    break;
                case SUM:
                    acc.add(sumType(inputTypes[i]));
                    break;
                case AVG:
                    acc.add(sumType(inputTypes[i]));
                    acc.add(Types.LONG);
                    break;
                case MIN:
                case MAX:
                    acc.add(value);
                    break;
                case FIRST:
                case LAST:
                    if (timePosition < 0) {
                        throw new IllegalArgumentException("aggregate '" + a.name() + "': " + a.function().key()
                                + " needs an input with event time");
                    }
                    acc.add(Types.LONG);
                    acc.add(value);
                    break;
                case ANY:
                case ALL:
                    acc.add(Types.BOOLEAN);
                    break;
                default:
                    acc.add(new MapTypeInfo<>(value, Types.BOOLEAN));
            }
        }
        accumulatorType = new RowTypeInfo(acc.toArray(new TypeInformation<?>[0]));
    }

    private static TypeInformation<?> sumType(FieldType t) {
        return t == FieldType.DECIMAL ? Types.BIG_DEC : t == FieldType.DOUBLE ? Types.DOUBLE : Types.LONG;
    }

    /** The result columns, in declaration order. */
    public List<Field> outputFields() {
        return List.of(outputs);
    }

    public RowTypeInfo accumulatorType() {
        return accumulatorType;
    }

    public Row create() {
        Row acc = new Row(accumulatorType.getArity());
        for (int i = 0; i < functions.length; i++) {
            int s = slots[i];
            switch (functions[i]) {
                case COUNT:
                    acc.setField(s, 0L);
                    break;
                case SUM:
                    acc.setField(s, zero(inputTypes[i]));
                    break;
                case AVG:
                    acc.setField(s, zero(inputTypes[i]));
                    acc.setField(s + 1, 0L);
                    break;
                case ANY:
                    acc.setField(s, false);
                    break;
                case ALL:
                    acc.setField(s, true);
                    break;
                case COUNT_DISTINCT:
                    acc.setField(s, new HashMap<>());
                    break;
                default:
            }
        }
        return acc;
    }

    private static Object zero(FieldType t) {
        return t == FieldType.DECIMAL ? BigDecimal.ZERO : t == FieldType.DOUBLE ? (Object) 0.0d : (Object) 0L;
    }

    /** Adds one input row to the accumulator. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void add(Row acc, Row in) {
        if (compiled == null) {
            compile();
        }
        for (int i = 0; i < functions.length; i++) {
            int s = slots[i];
            boolean pass = compiled[i] == null || Boolean.TRUE.equals(compiled[i].evaluate(in));
            Aggregate.Function f = functions[i];
            if (f == Aggregate.Function.ANY) {
                acc.setField(s, pass || (Boolean) acc.getField(s));
                continue;
            }
            if (f == Aggregate.Function.ALL) {
                acc.setField(s, pass && (Boolean) acc.getField(s));
                continue;
            }
            if (!pass) {
                continue;
            }
            if (f == Aggregate.Function.COUNT) {
                acc.setField(s, (Long) acc.getField(s) + 1);
                continue;
            }
            Object v = in.getField(columns[i]);
            if (v == null) {
                continue;
            }
            switch (f) {
                case SUM:
                    acc.setField(s, plus(acc.getField(s), v));
                    break;
                case AVG:
                    acc.setField(s, plus(acc.getField(s), v));
                    acc.setField(s + 1, (Long) acc.getField(s + 1) + 1);
                    break;
                case MIN:
                case MAX:
                    Comparable cur = (Comparable) acc.getField(s);
                    if (cur == null || (f == Aggregate.Function.MIN ? cur.compareTo(v) > 0 : cur.compareTo(v) < 0)) {
                        acc.setField(s, v);
                    }
                    break;
                case FIRST:
                case LAST:
                    long t = ((Instant) in.getField(timePosition)).toEpochMilli();
                    Long at = (Long) acc.getField(s);
                    if (at == null || (f == Aggregate.Function.FIRST ? t < at : t >= at)) {
                        acc.setField(s, t);
                        acc.setField(s + 1, v);
                    }
                    break;
                default:
                    ((Map<Object, Boolean>) acc.getField(s)).put(v, Boolean.TRUE);
            }
        }
    }

    /** Merges {@code b} into {@code a} and returns {@code a}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Row merge(Row a, Row b) {
        for (int i = 0; i < functions.length; i++) {
            int s = slots[i];
            switch (functions[i]) {
                case COUNT:
                    a.setField(s, (Long) a.getField(s) + (Long) b.getField(s));
                    break;
                case SUM:
                    a.setField(s, plus(a.getField(s), b.getField(s)));
                    break;
                case AVG:
                    a.setField(s, plus(a.getField(s), b.getField(s)));
                    a.setField(s + 1, (Long) a.getField(s + 1) + (Long) b.getField(s + 1));
                    break;
                case MIN:
                case MAX:
                    Comparable x = (Comparable) a.getField(s);
                    Object y = b.getField(s);
                    if (y != null && (x == null || (functions[i] == Aggregate.Function.MIN ? x.compareTo(y) > 0 : x.compareTo(y) < 0))) {
                        a.setField(s, y);
                    }
                    break;
                case FIRST:
                case LAST:
                    Long ta = (Long) a.getField(s);
                    Long tb = (Long) b.getField(s);
                    if (tb != null && (ta == null || (functions[i] == Aggregate.Function.FIRST ? tb < ta : tb >= ta))) {
                        a.setField(s, tb);
                        a.setField(s + 1, b.getField(s + 1));
                    }
                    break;
                case ANY:
                    a.setField(s, (Boolean) a.getField(s) || (Boolean) b.getField(s));
                    break;
                case ALL:
                    a.setField(s, (Boolean) a.getField(s) && (Boolean) b.getField(s));
                    break;
                default:
                    ((Map<Object, Boolean>) a.getField(s)).putAll((Map<Object, Boolean>) b.getField(s));
            }
        }
        return a;
    }

    /** Writes the results into {@code out} from position {@code offset}. */
    @SuppressWarnings("unchecked")
    public void result(Row acc, Row out, int offset) {
        for (int i = 0; i < functions.length; i++) {
            int s = slots[i];
            Object v;
            switch (functions[i]) {
                case AVG:
                    long n = (Long) acc.getField(s + 1);
                    Object sum = acc.getField(s);
                    if (n == 0) {
                        v = null;
                    } else if (sum instanceof BigDecimal) {
                        v = ((BigDecimal) sum).divide(BigDecimal.valueOf(n), outputs[i].type() == FieldType.DECIMAL
                                ? outputs[i].scale() : 16, RoundingMode.HALF_EVEN);
                    } else {
                        v = ((Number) sum).doubleValue() / n;
                    }
                    break;
                case FIRST:
                case LAST:
                    v = acc.getField(s + 1);
                    break;
                case COUNT_DISTINCT:
                    v = (long) ((Map<Object, Boolean>) acc.getField(s)).size();
                    break;
                default:
                    v = acc.getField(s);
            }
            out.setField(offset + i, FieldTypes.isNumeric(outputs[i].type()) ? FieldTypes.convert(v, outputs[i]) : v);
        }
    }

    private static Object plus(Object a, Object b) {
        if (a instanceof BigDecimal) {
            return ((BigDecimal) a).add((BigDecimal) b);
        }
        if (a instanceof Double) {
            return (Double) a + ((Number) b).doubleValue();
        }
        return Math.addExact((Long) a, ((Number) b).longValue());
    }

    private void compile() {
        compiled = new Expression[filters.length];
        // Compiled per task: Expression is not serializable; the schema it needs is that of the input.
        for (int i = 0; i < filters.length; i++) {
            compiled[i] = filters[i] == null ? null : Expression.compile(filters[i], inputSchema);
        }
    }
}
