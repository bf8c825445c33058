package dev.tributary.jobs.ops;

import dev.tributary.jobs.definition.PipelineDef;
import dev.tributary.jobs.lake.LakeLayout;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.IOException;

/**
 * {@code tributary lake clean}: deletes the in-progress part files a killed attempt left in the
 * pipeline's tables ({@code .part-*.inprogress.*}: the FileSink's staging files on file systems).
 *
 * <p>Only while no run of the pipeline holds the {@link WriterLease}: a running job's in-progress files
 * are its current, not yet committed, output. Files of a killed attempt are never data: the checkpoint
 * that would have committed them did not complete, and the restarted job writes their records again.
 * Committed files, pending markers and everything outside the pipeline's tables are left alone.
 */
@Internal
public final class LakeCleaner {

    private LakeCleaner() {}

    /** What a clean removed. */
    public static final class Result {
        public final int files;
        public final long bytes;

        Result(int files, long bytes) {
            this.files = files;
            this.bytes = bytes;
        }
    }

    /** True for a FileSink in-progress (staging) file name. */
    public static boolean isInProgress(String name) {
        return name.startsWith(".part-") && name.contains(".inprogress");
    }

    /**
     * Deletes the leftovers, or throws {@link WriterLease.LeaseHeldException} when a run of the pipeline
     * is alive.
     */
    public static Result clean(PipelineDef def, LakeLayout lake, long nowMillis) throws IOException {
        String holder = WriterLease.liveHolder(lake, def.name(), null, nowMillis);
        if (holder != null) {
            throw new WriterLease.LeaseHeldException("pipeline '" + def.name() + "' is running (" + holder
                    + "): its in-progress files are its current output; clean after it stopped");
        }
        int[] files = {0};
        long[] bytes = {0};
        for (Path table : OutputGuard.tables(def, lake)) {
            FileSystem fs = table.getFileSystem();
            if (fs.exists(table)) {
                walk(fs, table, files, bytes);
            }
        }
        return new Result(files[0], bytes[0]);
    }

    /** Counts the leftovers without deleting (for reports and tests). */
    public static Result count(PipelineDef def, LakeLayout lake) throws IOException {
        int[] files = {0};
        long[] bytes = {0};
        for (Path table : OutputGuard.tables(def, lake)) {
            FileSystem fs = table.getFileSystem();
            if (fs.exists(table)) {
                walk(fs, table, files, bytes, false);
            }
        }
        return new Result(files[0], bytes[0]);
    }

    private static void walk(FileSystem fs, Path dir, int[] files, long[] bytes) throws IOException {
        walk(fs, dir, files, bytes, true);
    }

    private static void walk(FileSystem fs, Path dir, int[] files, long[] bytes, boolean delete) throws IOException {
        FileStatus[] statuses = fs.listStatus(dir);
        if (statuses == null) {
            return;
        }
        for (FileStatus s : statuses) {
            if (s.isDir()) {
                walk(fs, s.getPath(), files, bytes, delete);
            } else if (isInProgress(s.getPath().getName())) {
                files[0]++;
                bytes[0] += s.getLen();
                if (delete) {
                    fs.delete(s.getPath(), false);
                }
            }
        }
    }
}
