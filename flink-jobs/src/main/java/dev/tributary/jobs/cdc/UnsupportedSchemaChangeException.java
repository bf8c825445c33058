package dev.tributary.jobs.cdc;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.runtime.throwable.ThrowableAnnotation;
import org.apache.flink.runtime.throwable.ThrowableType;
import org.apache.flink.util.FlinkRuntimeException;

/**
 * The captured table's columns no longer match the dataset's declared columns (a column was added,
 * dropped or renamed). The CDC source stops the job with this exception rather than guess: bronze
 * would otherwise silently lose the new column, or land nulls for a dropped one. The message names the
 * table, the columns and what to do.
 *
 * <p>Non-recoverable: restarting from the last checkpoint would meet the same change event again, so
 * Flink's failover ends the job on the first occurrence instead of restarting it forever.
 */
@PublicEvolving
@ThrowableAnnotation(ThrowableType.NonRecoverableError)
public final class UnsupportedSchemaChangeException extends FlinkRuntimeException {
    private static final long serialVersionUID = 1L;

    public UnsupportedSchemaChangeException(String message) {
        super(message);
    }
}
