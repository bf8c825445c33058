package dev.tributary.jobs.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checkpoint folders of earlier runs are pruned when a run resumes: only the folder holding the restore
 * point survives (with a checkpoint of another job that a kill cut short, an older job's completed one,
 * and a job folder whose name prefixes the kept one's), and savepoints are never touched.
 */
class PipelineStatePruneTest {

    @TempDir Path tmp;

    @Test
    void aResumeKeepsOnlyTheRestoredJobsCheckpointFolderAndEverySavepoint() throws Exception {
        Path cps = tmp.resolve("checkpoints");
        metadata(cps.resolve("aaaa/chk-4"), "2026-03-01T00:00:00Z");   // an older run, completed
        metadata(cps.resolve("bbbb/chk-9"), "2026-03-01T00:05:00Z");   // the newest completed: the restore point
        Files.createDirectories(cps.resolve("bbbb/shared"));
        Files.createDirectories(cps.resolve("bbbb1/chk-1"));           // a name that prefixes-matches, cut short
        Files.createDirectories(cps.resolve("cccc/chk-2"));            // the killed run: no _metadata
        metadata(tmp.resolve("savepoints/savepoint-aaaa-1"), "2026-03-01T00:01:00Z");

        PipelineState state = new PipelineState(new org.apache.flink.core.fs.Path(tmp.toUri()));
        String latest = state.latest().orElseThrow();
        assertThat(latest).endsWith("bbbb/chk-9");

        assertThat(state.pruneCheckpointsExcept(latest)).isEqualTo(3);
        assertThat(cps.resolve("bbbb/chk-9/_metadata")).exists();
        assertThat(cps.resolve("bbbb/shared")).exists();
        assertThat(cps.resolve("aaaa")).doesNotExist();
        assertThat(cps.resolve("bbbb1")).doesNotExist();
        assertThat(cps.resolve("cccc")).doesNotExist();
        assertThat(tmp.resolve("savepoints/savepoint-aaaa-1/_metadata")).exists();
        assertThat(state.latest()).contains(latest);
        assertThat(state.pruneCheckpointsExcept(latest)).isZero();
    }

    private static void metadata(Path dir, String modified) throws Exception {
        Files.createDirectories(dir);
        Path m = Files.writeString(dir.resolve("_metadata"), "x");
        Files.setLastModifiedTime(m, FileTime.from(Instant.parse(modified)));
    }
}
