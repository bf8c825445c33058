package dev.tributary.quality.internal;

import dev.tributary.quality.RuleSet;
import dev.tributary.quality.api.CheckContext;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

import java.time.Instant;

/**
 * Evaluates every stateless rule of a dataset on each record, in one chained function, and wraps
 * the record with its violations. "Now" for freshness rules is the record's ingestion-time column
 * when the rule set declares one (deterministic on replay), else the processing time.
 */
@Internal
public final class EvaluateFunction extends ProcessFunction<Row, Tuple3<Row, String[], String[]>> {
    private static final long serialVersionUID = 1L;

    private final RuleSet rules;
    private final int ingestionTimePosition;

    public EvaluateFunction(RuleSet rules) {
        this.rules = rules;
        this.ingestionTimePosition = rules.ingestionTimeColumn().map(c -> rules.schema().indexOf(c)).orElse(-1);
    }

    @Override
    public void open(OpenContext openContext) {
        rules.open();
    }

    @Override
    public void close() {
        rules.close();
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<Tuple3<Row, String[], String[]>> out) {
        long now = ctx.timerService().currentProcessingTime();
        if (ingestionTimePosition >= 0 && row.getField(ingestionTimePosition) instanceof Instant) {
            now = ((Instant) row.getField(ingestionTimePosition)).toEpochMilli();
        }
        out.collect(Checked.of(row, rules.evaluate(row, CheckContext.atMillis(now))));
    }
}
