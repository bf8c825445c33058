package dev.tributary.quality.api;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.types.Row;

import javax.annotation.Nullable;

/**
 * A rule decided by looking at one record alone. Evaluation is a pure function of the row and the
 * {@link CheckContext}, so it can run in a plain unit test, a benchmark or a Flink task.
 */
@PublicEvolving
public interface RecordRule extends QualityRule {

    /**
     * Checks one record.
     *
     * @param row a row of the dataset's schema; values may be null or, for untrusted input, of an
     *     unexpected class (reported as a violation, never thrown)
     * @param context evaluation-time inputs such as "now"
     * @return null when the record passes, else a human-readable message saying what was wrong
     */
    @Nullable
    String check(Row row, CheckContext context);
}
