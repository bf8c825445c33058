package dev.tributary.jobs.blocks;

import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/** The functions of {@link WindowAggregate}: group key, incremental accumulation, output row. */
@Internal
final class WindowFunctions {

    private WindowFunctions() {}

    /** What a window aggregate computes, resolved against its input. */
    static final class Plan implements Serializable {
        private static final long serialVersionUID = 1L;
        RecordSchema schema;
        Aggregator aggregator;
        Object[] defaults;
        int groupArity;
        /** Per output column after the group: {measure} or {numerator measure, denominator measure}. */
        int[][] layout;
        List<Serializable> columns;
        transient RowTypeInfo keyType;
    }

    /** Group values, a null replaced by its declared default; one constant key without group-by. */
    static final class GroupKey implements KeySelector<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final int[] positions;
        private final Object[] defaults;

        GroupKey(int[] positions, Object[] defaults) {
            this.positions = positions;
            this.defaults = defaults;
        }

        @Override
        public Row getKey(Row row) {
            if (positions.length == 0) {
                return Row.of(0);
            }
            Row k = new Row(positions.length);
            for (int i = 0; i < positions.length; i++) {
                Object v = row.getField(positions[i]);
                k.setField(i, v == null ? defaults[i] : v);
            }
            return k;
        }
    }

    /** Incremental: the state per window and key is one accumulator row. */
    static final class Accumulate implements AggregateFunction<Row, Row, Row> {
        private static final long serialVersionUID = 1L;
        private final Aggregator aggregator;

        Accumulate(Aggregator aggregator) {
            this.aggregator = aggregator;
        }

        @Override
        public Row createAccumulator() {
            return aggregator.create();
        }

        @Override
        public Row add(Row value, Row acc) {
            aggregator.add(acc, value);
            return acc;
        }

        @Override
        public Row getResult(Row acc) {
            return acc;
        }

        @Override
        public Row merge(Row a, Row b) {
            return aggregator.merge(a, b);
        }
    }

    /** The output row: window bounds, group values, measures and derived columns in declaration order. */
    static final class Emit extends ProcessWindowFunction<Row, Row, Row, TimeWindow> {
        private static final long serialVersionUID = 1L;
        private final Plan plan;

        Emit(Plan plan) {
            this.plan = plan;
        }

        @Override
        public void process(Row key, Context ctx, Iterable<Row> accs, Collector<Row> out) {
            Row acc = accs.iterator().next();
            Row measures = new Row(plan.aggregator.outputFields().size());
            plan.aggregator.result(acc, measures, 0);
            Row o = new Row(plan.schema.arity());
            o.setField(0, Instant.ofEpochMilli(ctx.window().getStart()));
            o.setField(1, Instant.ofEpochMilli(ctx.window().getEnd()));
            for (int i = 0; i < plan.groupArity; i++) {
                o.setField(2 + i, key.getField(i));
            }
            int at = 2 + plan.groupArity;
            for (int i = 0; i < plan.layout.length; i++) {
                int[] l = plan.layout[i];
                o.setField(at + i, l.length == 1 ? measures.getField(l[0])
                        : ((Derived) plan.columns.get(i)).compute(measures.getField(l[0]), measures.getField(l[1])));
            }
            out.collect(o);
        }
    }
}
