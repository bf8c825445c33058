package dev.tributary.benchmarks;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/** Counts rows into accumulators: all rows, and rows whose {@code errorPosition} is set (parse failures). */
final class Counters extends ProcessFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final int errorPosition;
    private transient LongCounter all;
    private transient LongCounter errors;

    Counters(String name, int errorPosition) {
        this.name = name;
        this.errorPosition = errorPosition;
    }

    @Override
    public void open(OpenContext openContext) {
        all = getRuntimeContext().getLongCounter(name);
        errors = getRuntimeContext().getLongCounter(name + ".errors");
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<Row> out) {
        all.add(1);
        if (errorPosition >= 0 && row.getField(errorPosition) != null) {
            errors.add(1);
        }
        out.collect(row);
    }
}
