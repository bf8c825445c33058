package dev.tributary.jobs.cdc;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

import java.time.Duration;

/**
 * Passes change rows through and exports the replication slot's lag as the Flink gauge {@value
 * #METRIC} (bytes of WAL the server retains for the slot beyond its confirmed LSN; -1 when unknown),
 * in the group {@code postgres-cdc.<slot>} of subtask 0 only (one reading per slot, at most every
 * {@link #MIN_INTERVAL}).
 */
@Internal
public final class SlotLagFunction extends ProcessFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    public static final String METRIC = "slotLagBytes";
    static final Duration MIN_INTERVAL = Duration.ofSeconds(5);

    private final PostgresCdcSourceConfig config;

    public SlotLagFunction(PostgresCdcSourceConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
            getRuntimeContext().getMetricGroup().addGroup("postgres-cdc").addGroup(config.slotName())
                    .gauge(METRIC, new PostgresSlotLag(config).gauge(MIN_INTERVAL));
        }
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<Row> out) {
        out.collect(row);
    }
}
