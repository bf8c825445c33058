package dev.tributary.jobs.compose;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.types.Row;

/** Keeps the first {@code arity} positions of a row (bronze in-flight rows to their landed layout). */
@Internal
final class ProjectFunction implements MapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final int arity;

    ProjectFunction(int arity) {
        this.arity = arity;
    }

    @Override
    public Row map(Row in) {
        Row out = new Row(arity);
        for (int i = 0; i < arity; i++) {
            out.setField(i, in.getField(i));
        }
        return out;
    }
}
