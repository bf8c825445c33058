package dev.tributary.jobs.lake;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The partitions of a lake table and which are complete (hold a {@link MarkedFileSink#SUCCESS} marker), so a
 * batch reader can process only complete input partitions and report the others.
 */
@PublicEvolving
public final class LakePartitions {

    private final List<Path> complete;
    private final List<Path> incomplete;

    private LakePartitions(List<Path> complete, List<Path> incomplete) {
        this.complete = complete;
        this.incomplete = incomplete;
    }

    /** Lists the partition directories ({@code name=value}) directly under {@code table}, sorted by name. */
    public static LakePartitions of(Path table) throws IOException {
        List<Path> complete = new ArrayList<>();
        List<Path> incomplete = new ArrayList<>();
        FileSystem fs = table.getFileSystem();
        if (fs.exists(table)) {
            FileStatus[] statuses = fs.listStatus(table);
            List<Path> dirs = new ArrayList<>();
            for (FileStatus s : statuses == null ? new FileStatus[0] : statuses) {
                String name = s.getPath().getName();
                if (s.isDir() && !name.startsWith(".") && !name.startsWith("_") && name.contains("=")) {
                    dirs.add(s.getPath());
                }
            }
            dirs.sort(java.util.Comparator.comparing(Path::getName));
            for (Path d : dirs) {
                (fs.exists(new Path(d, MarkedFileSink.SUCCESS)) ? complete : incomplete).add(d);
            }
        }
        return new LakePartitions(complete, incomplete);
    }

    /** Partition directories with a commit marker. */
    public List<Path> complete() {
        return complete;
    }

    /** Partition directories without one: still being written, or their window is not over. */
    public List<Path> incomplete() {
        return incomplete;
    }

    /** Names ({@code name=value}) of the incomplete partitions, for a run summary. */
    public List<String> incompleteNames() {
        List<String> names = new ArrayList<>();
        for (Path p : incomplete) {
            names.add(p.getName());
        }
        return names;
    }
}
