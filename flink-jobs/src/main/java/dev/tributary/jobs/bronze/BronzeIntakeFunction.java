package dev.tributary.jobs.bronze;

import dev.tributary.transforms.api.DurableCounter;
import dev.tributary.transforms.api.QuarantineRecord;
import dev.tributary.transforms.builtin.PiiMasker;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Instant;

/**
 * First operator after a bronze source: counts every record in ({@code bronze.<dataset>.in}) and routes
 * malformed ones (parse errors, missing required fields, wrong types) to the quarantine side output with
 * their reason and PII-scrubbed raw payload. Valid rows continue unchanged.
 */
@Internal
public final class BronzeIntakeFunction extends ProcessFunction<Row, Row> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    /** Stored instead of a payload that could not be scrubbed. */
    static final String WITHHELD = "[payload withheld: it could not be scrubbed of PII]";

    private final String dataset;
    private final int metaStart;
    private final PiiMasker masker;
    private final OutputTag<QuarantineRecord> quarantine;
    private final DurableCounter in;

    public BronzeIntakeFunction(String dataset, int declaredArity, PiiMasker masker, OutputTag<QuarantineRecord> quarantine) {
        this.dataset = dataset;
        this.metaStart = declaredArity;
        this.masker = masker;
        this.quarantine = quarantine;
        this.in = new DurableCounter("bronze." + dataset + ".in", "in");
    }

    @Override
    public void open(OpenContext openContext) {
        in.open(getRuntimeContext(), getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<Row> out) {
        in.inc();
        String error = (String) row.getField(metaStart + 6);
        if (error == null) {
            out.collect(row);
            return;
        }
        ctx.output(quarantine, new QuarantineRecord(
                dataset,
                error,
                "",
                scrubbed(masker, row.getField(metaStart + 5)),
                row.getField(metaStart) instanceof String ? (String) row.getField(metaStart) : null,
                row.getField(metaStart + 1) instanceof Integer ? (Integer) row.getField(metaStart + 1) : null,
                row.getField(metaStart + 2) instanceof Long ? (Long) row.getField(metaStart + 2) : null,
                null,
                Instant.now()));
    }

    /**
     * The payload with PII scrubbed; should scrubbing fail, the payload is withheld rather than stored in
     * clear or allowed to fail the task (the record is still quarantined, with its source position).
     */
    static String scrubbed(PiiMasker masker, Object raw) {
        if (!(raw instanceof String)) {
            return null;
        }
        try {
            return masker.scrubPayload((String) raw);
        } catch (RuntimeException | StackOverflowError e) {
            return WITHHELD;
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        in.snapshot();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        in.initialize(context);
    }
}
