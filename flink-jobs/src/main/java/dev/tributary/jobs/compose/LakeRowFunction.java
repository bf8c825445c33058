package dev.tributary.jobs.compose;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.types.Row;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Turns a row of a query result into a lake row: positional, {@code TIMESTAMP} values as UTC
 * {@link java.time.Instant}s, small integers as {@code Integer}, {@code FLOAT} as {@code Double}.
 */
@Internal
final class LakeRowFunction implements MapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final int arity;

    LakeRowFunction(int arity) {
        this.arity = arity;
    }

    @Override
    public Row map(Row in) {
        Row out = new Row(arity);
        for (int i = 0; i < arity; i++) {
            Object v = in.getField(i);
            if (v instanceof LocalDateTime) {
                v = ((LocalDateTime) v).toInstant(ZoneOffset.UTC);
            } else if (v instanceof Short || v instanceof Byte) {
                v = ((Number) v).intValue();
            } else if (v instanceof Float) {
                v = ((Float) v).doubleValue();
            }
            out.setField(i, v);
        }
        return out;
    }
}
