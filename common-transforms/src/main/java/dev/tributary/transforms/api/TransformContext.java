package dev.tributary.transforms.api;

import org.apache.flink.annotation.PublicEvolving;

import java.util.Map;

/**
 * What a {@link TransformFactory} and a {@link Transform} can see: the model's name, the input's schema,
 * the transform's options as written in the pipeline definition, and (inside a task) the subtask.
 */
@PublicEvolving
public interface TransformContext {

    /** The name of the model this transform produces (e.g. {@code orders_normalised}). */
    String name();

    /** The schema of the input rows. */
    RecordSchema inputSchema();

    /** The transform's options, already checked against the factory's required and optional keys. */
    Map<String, String> options();

    /** An option, or {@code fallback} when not set. */
    default String option(String key, String fallback) {
        return options().getOrDefault(key, fallback);
    }

    /** Index of the parallel subtask, or {@code -1} when the job is being built. */
    default int subtaskIndex() {
        return -1;
    }
}
