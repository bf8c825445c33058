package dev.tributary.jobs.compose;

import dev.tributary.transforms.api.RecordSchema;
import dev.tributary.transforms.api.TransformContext;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@link TransformContext} given to factories (subtask -1) and, inside tasks, to {@code open}. */
@Internal
final class SimpleTransformContext implements TransformContext, Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final RecordSchema inputSchema;
    private final Map<String, String> options;
    private final int subtask;

    SimpleTransformContext(String name, RecordSchema inputSchema, Map<String, String> options, int subtask) {
        this.name = name;
        this.inputSchema = inputSchema;
        this.options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
        this.subtask = subtask;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RecordSchema inputSchema() {
        return inputSchema;
    }

    @Override
    public Map<String, String> options() {
        return options;
    }

    @Override
    public int subtaskIndex() {
        return subtask;
    }
}
