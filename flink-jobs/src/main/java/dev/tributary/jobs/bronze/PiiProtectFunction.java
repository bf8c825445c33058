package dev.tributary.jobs.bronze;

import dev.tributary.transforms.builtin.PiiMasker;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.types.Row;

/**
 * Applies the dataset's PII policy to a valid row and drops its transient raw payload, so nothing
 * downstream (state, shuffles, sinks) ever holds clear PII.
 */
@Internal
public final class PiiProtectFunction implements MapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final PiiMasker masker;
    private final int rawPosition;

    public PiiProtectFunction(PiiMasker masker, int rawPosition) {
        this.masker = masker;
        this.rawPosition = rawPosition;
    }

    @Override
    public Row map(Row row) {
        row.setField(rawPosition, null);
        return masker.apply(row);
    }
}
