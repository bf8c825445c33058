package dev.tributary.transforms.api;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.types.Row;

import javax.annotation.Nullable;

import java.io.Serializable;

/**
 * A user transform: a per-record function over the rows of one named input, plugged into a pipeline
 * definition by the identifier of its {@link TransformFactory} (found with {@link java.util.ServiceLoader}).
 *
 * <p>A transform is created once per pipeline when the job is built, serialized with the job, and
 * {@link #open opened} once per parallel task. Rows arrive with the positions of {@link
 * TransformContext#inputSchema()} and must leave with the positions of {@link #outputSchema}.
 * Configuration fields should be {@code final}; clients and caches {@code transient}, created in
 * {@link #open}.
 *
 * <pre>{@code
 * public final class UpperCaseTransform implements Transform {
 *     private final int column;
 *     UpperCaseTransform(int column) { this.column = column; }
 *     public Row map(Row row) {
 *         Object v = row.getField(column);
 *         if (v != null) row.setField(column, v.toString().toUpperCase(Locale.ROOT));
 *         return row;
 *     }
 * }
 * }</pre>
 *
 * <p>Evolution: new hooks are added as default methods.
 */
@PublicEvolving
public interface Transform extends Serializable {

    /**
     * The schema of the rows {@link #map} returns, given the input's. Called when the job is built
     * (and by {@code validate}/{@code explain}), so later SQL can be checked against it. Default: unchanged.
     */
    default RecordSchema outputSchema(RecordSchema input) {
        return input;
    }

    /** Called once per parallel task before the first record. */
    default void open(TransformContext context) throws Exception {}

    /**
     * Transforms one row.
     *
     * @return the row to emit (may be the input, modified in place), or {@code null} to drop it
     * @throws Exception fails the job (the task restarts from the last checkpoint)
     */
    @Nullable
    Row map(Row row) throws Exception;

    /** Called once per parallel task at the end, also after a failure. */
    default void close() throws Exception {}
}
