package dev.tributary.jobs.compose;

import dev.tributary.transforms.api.RecordSchema;
import dev.tributary.transforms.api.Transform;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

import java.util.Map;

/** Runs a user {@link Transform} in a task: open/close around it, {@code null} results dropped. */
@Internal
final class TransformFunction extends RichFlatMapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final Transform transform;
    private final String name;
    private final RecordSchema inputSchema;
    private final Map<String, String> options;

    TransformFunction(Transform transform, String name, RecordSchema inputSchema, Map<String, String> options) {
        this.transform = transform;
        this.name = name;
        this.inputSchema = inputSchema;
        this.options = Map.copyOf(options);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        transform.open(new SimpleTransformContext(name, inputSchema, options,
                getRuntimeContext().getTaskInfo().getIndexOfThisSubtask()));
    }

    @Override
    public void flatMap(Row row, Collector<Row> out) throws Exception {
        Row result = transform.map(row);
        if (result != null) {
            out.collect(result);
        }
    }

    @Override
    public void close() throws Exception {
        transform.close();
    }
}
