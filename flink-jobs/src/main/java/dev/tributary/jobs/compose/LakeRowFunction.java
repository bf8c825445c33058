package dev.tributary.jobs.compose;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.types.Row;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Turns a row of a query result into a lake row: positional (without the {@code rowtime} attribute), {@code TIMESTAMP} values as UTC
 * {@link java.time.Instant}s, small integers as {@code Integer}, {@code FLOAT} as {@code Double}.
 */
@Internal
final class LakeRowFunction implements MapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final int[] columns;

    /** @param columns the positions of the query result's columns that land, in order */
    LakeRowFunction(int[] columns) {
        this.columns = columns.clone();
    }

    @Override
    public Row map(Row in) {
        Row out = new Row(columns.length);
        for (int i = 0; i < columns.length; i++) {
            Object v = in.getField(columns[i]);
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
