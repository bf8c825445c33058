package dev.tributary.jobs.ops;

import dev.tributary.transforms.api.Transform;
import dev.tributary.transforms.api.TransformContext;
import dev.tributary.transforms.api.TransformFactory;

import org.apache.flink.types.Row;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;

/**
 * Test transform {@code test-fail-at}: passes rows through, and makes subtask 0 throw once its
 * {@code after-records}-th row arrives, up to {@code failures} times in a job's life. Which failures
 * happened is kept in marker files under {@code marker-dir} (outside the job, so a restarted attempt
 * knows), the way failure injection survives a restore in Flink's own tests.
 */
public final class FailAtTransformFactory implements TransformFactory {

    @Override
    public String identifier() {
        return "test-fail-at";
    }

    @Override
    public Set<String> requiredOptions() {
        return Set.of("marker-dir", "after-records", "failures");
    }

    @Override
    public Transform create(TransformContext context) {
        return new FailAt(context.option("marker-dir", ""), Long.parseLong(context.option("after-records", "0")),
                Integer.parseInt(context.option("failures", "0")));
    }

    static final class FailAt implements Transform {
        private static final long serialVersionUID = 1L;
        private final String markerDir;
        private final long after;
        private final int failures;
        private transient long seen;
        private transient int subtask;

        FailAt(String markerDir, long after, int failures) {
            this.markerDir = markerDir;
            this.after = after;
            this.failures = failures;
        }

        @Override
        public void open(TransformContext context) {
            subtask = context.subtaskIndex();
            seen = 0;
        }

        @Override
        public Row map(Row row) throws IOException {
            if (subtask == 0 && ++seen == after) {
                for (int i = 0; i < failures; i++) {
                    try {
                        Path dir = Files.createDirectories(Paths.get(markerDir));
                        Files.createFile(dir.resolve("failure-" + i));
                        throw new IllegalStateException("injected failure " + (i + 1) + " of " + failures);
                    } catch (FileAlreadyExistsException done) {
                        // this one happened in an earlier attempt
                    }
                }
            }
            return row;
        }
    }
}
