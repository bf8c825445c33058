package dev.tributary.jobs.blocks;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Row;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * The interval join block: each record of a left table joined with the records of a right table that have the
 * same key (one or more columns of any type) and an event time in {@code [left.time + lower, left.time + upper]}
 * (inclusive). {@link Type#LEFT} keeps unmatched left records, {@link Type#INNER} drops them. With declared
 * {@link Aggregate}s the output is one row per left record (its selected columns, then the aggregates over its
 * matches); without, one row per matched pair (left columns, then right columns, prefixed or renamed).
 * Results are emitted once, when the watermark makes them final; see {@link IntervalJoinFunction}.
 *
 * <pre>{@code
 * IntervalJoin join = IntervalJoin.builder()
 *         .keys(List.of("device_id"), List.of("device_id"))
 *         .bounds(Duration.ZERO, Duration.ofMinutes(5))
 *         .aggregate(Aggregate.count("alarms"))
 *         .aggregate(Aggregate.max("max_severity", "severity"))
 *         .build();
 * BlockResult r = join.apply("silver", "readings_alarms", readings, alarms, "p-");
 * }</pre>
 *
 * The output's event time is the left time column (it must be selected); its watermark is held back by the
 * emission delay so no output row is late downstream.
 */
@PublicEvolving
public final class IntervalJoin implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** Which left records are emitted. */
    @PublicEvolving
    public enum Type { LEFT, INNER }

    private final List<String> leftKeys;
    private final List<String> rightKeys;
    private final Duration lower;
    private final Duration upper;
    private final Type type;
    @Nullable private final List<String> leftColumns;
    @Nullable private final List<String> rightColumns;
    @Nullable private final String rightPrefix;
    private final List<Aggregate> aggregates;

    private IntervalJoin(Builder b) {
        this.leftKeys = List.copyOf(b.leftKeys);
        this.rightKeys = List.copyOf(b.rightKeys);
        this.lower = b.lower;
        this.upper = b.upper;
        this.type = b.type;
        this.leftColumns = b.leftColumns;
        this.rightColumns = b.rightColumns;
        this.rightPrefix = b.rightPrefix;
        this.aggregates = List.copyOf(b.aggregates);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Duration lower() {
        return lower;
    }

    public Duration upper() {
        return upper;
    }

    /**
     * The output layout for these inputs.
     *
     * @throws IllegalArgumentException naming the unknown column, mismatched key types, a missing event time
     */
    public RecordSchema outputSchema(String name, EventTable left, EventTable right) {
        return plan(name, left, right).schema;
    }

    /** Wires the join; the caller lands {@link BlockResult#output()} and its late records. */
    public BlockResult apply(String layer, String model, EventTable left, EventTable right, String uidPrefix) {
        Plan p = plan(model, left, right);
        int[] lk = KeyColumns.positions(left.schema(), leftKeys);
        int[] rk = KeyColumns.positions(right.schema(), rightKeys);
        LateRecords.Renderer leftLate = new LateRecords.Renderer(model, left.name(), left.schema());
        LateRecords.Renderer rightLate = new LateRecords.Renderer(model, right.name(), right.schema());
        SingleOutputStreamOperator<Row> l = Blocks.route(layer, model, left, leftLate, lk, uidPrefix);
        SingleOutputStreamOperator<Row> r = Blocks.route(layer, model, right, rightLate, rk, uidPrefix);
        long ll = left.latenessMillis();
        long rl = right.latenessMillis();
        IntervalJoinFunction f = new IntervalJoinFunction(leftLate, rightLate, left.schema(),
                right.schema(), left.schema().indexOf(left.timeColumn()), right.schema().indexOf(right.timeColumn()),
                ll, rl, lower.toMillis(), upper.toMillis(), type == Type.INNER, p.left.positions, p.aggregator,
                p.right == null ? new int[0] : p.right.positions);
        SingleOutputStreamOperator<Row> joined = l.keyBy(new KeyColumns(lk), KeyColumns.type(left.schema(), leftKeys))
                .connect(r.keyBy(new KeyColumns(rk), KeyColumns.type(left.schema(), leftKeys)))
                .process(f, p.schema.rowTypeInfo())
                .uid(uidPrefix + layer + "-" + model + "-interval-join").name(layer + " " + model + ": " + left.name() + " x " + right.name() + " (interval)");
        long delay = IntervalJoinFunction.emissionDelay(lower.toMillis(), upper.toMillis(), ll, rl);
        DataStream<Row> out = Blocks.restamp(joined, p.schema, p.timeColumn, delay, uidPrefix + layer + "-" + model + "-interval-restamp");
        Map<String, DataStream<Row>> late = new LinkedHashMap<>();
        late.put(left.name(), l.getSideOutput(leftLate.tag()).union(joined.getSideOutput(leftLate.tag())));
        late.put(right.name(), r.getSideOutput(rightLate.tag()).union(joined.getSideOutput(rightLate.tag())));
        return new BlockResult(EventTable.of(model, out, p.schema, p.timeColumn, Duration.ZERO), late);
    }

    private static final class Plan {
        RecordSchema schema;
        Columns left;
        @Nullable Columns right;
        @Nullable Aggregator aggregator;
        String timeColumn;
    }

    private Plan plan(String name, EventTable left, EventTable right) {
        Blocks.requireTime("left", left);
        Blocks.requireTime("right", right);
        Blocks.checkKeys(left, leftKeys, right, rightKeys);
        Plan p = new Plan();
        p.left = Columns.select("left columns", left.schema(), leftColumns, null, false, List.of());
        p.timeColumn = p.left.outputName(left.schema(), left.timeColumn());
        checkArgument(p.timeColumn != null, "left columns: the left event-time column '%s' must be selected (it is the"
                + " output's event time)", left.timeColumn());
        List<Field> fields = new ArrayList<>(p.left.fields);
        if (aggregates.isEmpty()) {
            p.right = Columns.select("right columns", right.schema(), rightColumns, rightPrefix, type == Type.LEFT,
                    rightColumns == null ? rightKeys : List.of());
            fields.addAll(p.right.fields);
        } else {
            checkArgument(rightColumns == null && rightPrefix == null,
                    "right columns: one row per left record with aggregates takes no right columns; declare aggregates or columns");
            p.aggregator = new Aggregator(aggregates, right.schema(), right.schema().indexOf(right.timeColumn()));
            fields.addAll(p.aggregator.outputFields());
        }
        p.schema = Blocks.schema(name, fields);
        return p;
    }

    /** Builder of an {@link IntervalJoin}. */
    @PublicEvolving
    public static final class Builder {
        private List<String> leftKeys = List.of();
        private List<String> rightKeys = List.of();
        private Duration lower = Duration.ZERO;
        private Duration upper = Duration.ZERO;
        private Type type = Type.LEFT;
        private List<String> leftColumns;
        private List<String> rightColumns;
        private String rightPrefix;
        private final List<Aggregate> aggregates = new ArrayList<>();

        private Builder() {}

        /** Equality keys: {@code leftKeys[i] = rightKeys[i]}. */
        public Builder keys(List<String> leftKeys, List<String> rightKeys) {
            this.leftKeys = checkNotNull(leftKeys, "leftKeys");
            this.rightKeys = checkNotNull(rightKeys, "rightKeys");
            return this;
        }

        /** Right records with event time in {@code [left.time + lower, left.time + upper]} match. */
        public Builder bounds(Duration lower, Duration upper) {
            this.lower = checkNotNull(lower, "lower");
            this.upper = checkNotNull(upper, "upper");
            return this;
        }

        public Builder type(Type type) {
            this.type = checkNotNull(type, "type");
            return this;
        }

        /** Left columns in the output ({@code col} or {@code col AS name}); default all. */
        public Builder leftColumns(List<String> columns) {
            this.leftColumns = List.copyOf(columns);
            return this;
        }

        /** Right columns of a pair output ({@code col} or {@code col AS name}); default all but the keys. */
        public Builder rightColumns(List<String> columns) {
            this.rightColumns = List.copyOf(columns);
            return this;
        }

        /** A prefix for the right columns of a pair output. */
        public Builder rightPrefix(String prefix) {
            this.rightPrefix = checkNotNull(prefix, "prefix");
            return this;
        }

        /** An aggregate over the matches; with any, the output is one row per left record. */
        public Builder aggregate(Aggregate aggregate) {
            aggregates.add(checkNotNull(aggregate, "aggregate"));
            return this;
        }

        /** @throws IllegalArgumentException for reversed bounds, no or unequal numbers of keys */
        public IntervalJoin build() {
            checkArgument(!leftKeys.isEmpty() && leftKeys.size() == rightKeys.size(),
                    "keys: expected one or more key columns, as many on each side; found %s and %s", leftKeys, rightKeys);
            checkArgument(lower.compareTo(upper) <= 0,
                    "lower: %s is after upper %s; expected lower <= upper", Blocks.text(lower), Blocks.text(upper));
            return new IntervalJoin(this);
        }
    }
}
