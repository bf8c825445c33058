package dev.tributary.jobs.blocks;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.types.Row;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * The window aggregate block: tumbling ({@code slide = size}) or hopping event-time windows over a table with
 * event time, grouped by columns (a null group value may be replaced by a declared default), with measures
 * ({@link Aggregate}s) and columns derived from them ({@link Derived}). Output: {@code window_start},
 * {@code window_end}, the group columns, then measures and derived columns in declaration order. A window fires
 * once, when the watermark passes its end (the input's allowed lateness is waited for, records later than that
 * are routed to the late table), so the output is append-only; its event time is {@code window_start}.
 *
 * <pre>{@code
 * WindowAggregate.builder().tumbling(Duration.ofMinutes(5)).groupBy(List.of("site"))
 *         .measure(Aggregate.count("readings")).measure(Aggregate.avg("avg_temperature", "temperature"))
 *         .build().apply("gold", "site_5m", readingsEnriched, "p-");
 * }</pre>
 */
@PublicEvolving
public final class WindowAggregate implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String WINDOW_START = "window_start";
    public static final String WINDOW_END = "window_end";

    private final Duration size;
    private final Duration slide;
    private final List<String> groupBy;
    private final Map<String, String> groupDefaults;
    private final List<Serializable> columns;

    private WindowAggregate(Builder b) {
        this.size = b.size;
        this.slide = b.slide;
        this.groupBy = List.copyOf(b.groupBy);
        this.groupDefaults = new LinkedHashMap<>(b.groupDefaults);
        this.columns = List.copyOf(b.columns);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The output layout; @throws IllegalArgumentException naming what does not fit the input */
    public RecordSchema outputSchema(String name, EventTable input) {
        return plan(name, input).schema;
    }

    /** Wires the windows; the caller lands {@link BlockResult#output()} and the input's late records. */
    public BlockResult apply(String layer, String model, EventTable input, String uidPrefix) {
        WindowFunctions.Plan p = plan(model, input);
        int[] keys = KeyColumns.positions(input.schema(), groupBy);
        LateRecords.Renderer late = new LateRecords.Renderer(model, input.name(), input.schema());
        SingleOutputStreamOperator<Row> routed = Blocks.route(layer, model, input, late, keys, uidPrefix);
        // Hold the watermark back by the input's lateness: rows within it still count, and each window fires once.
        DataStream<Row> onTime = Blocks.restamp(routed, input.schema(), input.timeColumn(), input.latenessMillis(),
                uidPrefix + layer + "-" + model + "-window-hold");
        WindowAssigner<Object, TimeWindow> windows = slide.equals(size) ? TumblingEventTimeWindows.of(size)
                : SlidingEventTimeWindows.of(size, slide);
        SingleOutputStreamOperator<Row> aggregated = onTime
                .keyBy(new WindowFunctions.GroupKey(keys, p.defaults), p.keyType)
                .window(windows)
                .aggregate(new WindowFunctions.Accumulate(p.aggregator), new WindowFunctions.Emit(p),
                        p.aggregator.accumulatorType(), p.aggregator.accumulatorType(), p.schema.rowTypeInfo())
                .uid(uidPrefix + layer + "-" + model + "-window").name(layer + " " + model + ": " + Blocks.text(size) + " windows");
        DataStream<Row> out = Blocks.restamp(aggregated, p.schema, WINDOW_START, size.toMillis(), uidPrefix + layer + "-" + model + "-window-restamp");
        Map<String, DataStream<Row>> lateRows = new LinkedHashMap<>();
        lateRows.put(input.name(), routed.getSideOutput(late.tag()));
        return new BlockResult(EventTable.of(model, out, p.schema, WINDOW_START, Duration.ZERO), lateRows);
    }

    private WindowFunctions.Plan plan(String name, EventTable input) {
        if (input.timeColumn() == null) {
            throw new BlockInputException("input", "table '" + input.name() + "', which has no event time", "a table with"
                    + " an event-time TIMESTAMP column to window over (a source with 'event-time', or a model that keeps one)");
        }
        WindowFunctions.Plan p = new WindowFunctions.Plan();
        List<Field> fields = new ArrayList<>();
        fields.add(Field.required(WINDOW_START, FieldType.TIMESTAMP));
        fields.add(Field.required(WINDOW_END, FieldType.TIMESTAMP));
        List<Field> keyFields = new ArrayList<>();
        p.defaults = new Object[groupBy.size()];
        for (int i = 0; i < groupBy.size(); i++) {
            Field f = Blocks.column("group-by", input, groupBy.get(i));
            String d = groupDefaults.get(f.name());
            if (d != null) {
                p.defaults[i] = FieldTypes.literal(d, f);
                f = f.type() == FieldType.DECIMAL ? Field.decimal(f.name(), true, f.precision(), f.scale()) : Field.required(f.name(), f.type());
            }
            keyFields.add(f);
        }
        for (String d : groupDefaults.keySet()) {
            checkArgument(groupBy.contains(d), "group-defaults: '%s' is not a group-by column %s", d, groupBy);
        }
        fields.addAll(keyFields);
        List<Aggregate> measures = new ArrayList<>();
        List<String> measureNames = new ArrayList<>();
        for (Serializable c : columns) {
            if (c instanceof Aggregate) {
                measures.add((Aggregate) c);
                measureNames.add(((Aggregate) c).name());
            }
        }
        p.aggregator = new Aggregator(measures, input.schema(), input.schema().indexOf(input.timeColumn()));
        p.groupArity = groupBy.size();
        p.layout = new int[columns.size()][];
        int m = 0;
        for (int i = 0; i < columns.size(); i++) {
            Serializable c = columns.get(i);
            if (c instanceof Aggregate) {
                fields.add(p.aggregator.outputFields().get(m));
                p.layout[i] = new int[] {m++};
            } else {
                Derived d = (Derived) c;
                int num = measureNames.indexOf(d.numerator());
                int den = measureNames.indexOf(d.denominator());
                checkArgument(num >= 0 && den >= 0, "derived '%s': %s / %s; expected measures of this window %s",
                        d.name(), d.numerator(), d.denominator(), measureNames);
                fields.add(d.field());
                p.layout[i] = new int[] {num, den};
            }
        }
        p.columns = columns;
        p.schema = Blocks.schema(name, fields);
        p.keyType = keyFields.isEmpty() ? new RowTypeInfo(org.apache.flink.api.common.typeinfo.Types.INT)
                : new RecordSchema("key", keyFields).rowTypeInfo();
        return p;
    }

    /** Builder of a {@link WindowAggregate}. */
    @PublicEvolving
    public static final class Builder {
        private Duration size;
        private Duration slide;
        private List<String> groupBy = List.of();
        private final Map<String, String> groupDefaults = new LinkedHashMap<>();
        private final List<Serializable> columns = new ArrayList<>();

        private Builder() {}

        public Builder tumbling(Duration size) {
            return hopping(size, size);
        }

        /** Windows of {@code size} starting every {@code slide}. */
        public Builder hopping(Duration size, Duration slide) {
            this.size = checkNotNull(size, "size");
            this.slide = checkNotNull(slide, "slide");
            return this;
        }

        public Builder groupBy(List<String> columns) {
            this.groupBy = List.copyOf(columns);
            return this;
        }

        /** The group value used when group-by column {@code column} is null (text, parsed as its type). */
        public Builder groupDefault(String column, String value) {
            groupDefaults.put(checkNotNull(column, "column"), checkNotNull(value, "value"));
            return this;
        }

        public Builder measure(Aggregate measure) {
            columns.add(checkNotNull(measure, "measure"));
            return this;
        }

        public Builder derived(Derived derived) {
            columns.add(checkNotNull(derived, "derived"));
            return this;
        }

        /** @throws IllegalArgumentException for a missing or non-positive size, a slide that does not divide it */
        public WindowAggregate build() {
            checkArgument(size != null && !size.isNegative() && !size.isZero(), "window: expected a positive size, found %s", size);
            checkArgument(!slide.isNegative() && !slide.isZero() && slide.compareTo(size) <= 0,
                    "slide: expected a positive slide not longer than the size %s, found %s", Blocks.text(size), Blocks.text(slide));
            checkArgument(!columns.isEmpty(), "measures: expected at least one measure");
            return new WindowAggregate(this);
        }
    }
}
