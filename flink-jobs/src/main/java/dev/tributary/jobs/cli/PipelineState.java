package dev.tributary.jobs.cli;

import dev.tributary.jobs.definition.PipelineDef;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;

/**
 * The durable state location of one pipeline, shared by {@code run --local}, the demo and cluster runs,
 * so a restarted run continues where the last one stopped.
 *
 * <pre>
 *   &lt;state&gt;/                         runtime.state, else &lt;lake root&gt;/_tributary/state/&lt;pipeline&gt;
 *     checkpoints/&lt;job id&gt;/chk-N/     retained on cancel, failure and kill; removed after a successful bounded run;
 *                                      a resume removes the folders of jobs older than the one it restores
 *     savepoints/savepoint-.../        written by stop, savepoint and Ctrl-C
 *     running                          job id and REST address of the attached run (for stop / savepoint)
 * </pre>
 *
 * <p>The resume point is the newest completed checkpoint or savepoint: the one whose {@code _metadata} file
 * was written last (Flink writes it when the checkpoint completes, so a checkpoint cut short by a kill has
 * none and is skipped).
 */
@Internal
public final class PipelineState {

    static final String METADATA = "_metadata";
    private static final String RUNNING = "running";

    private final Path root;

    PipelineState(Path root) {
        this.root = root;
    }

    /** {@code runtime.state} if set, else {@code <lake root>/_tributary/state/<pipeline>}. */
    public static PipelineState of(PipelineDef def) {
        String configured = def.runtime().state();
        if (configured != null) {
            boolean hasScheme = configured.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*");
            return new PipelineState(new Path(hasScheme ? configured
                    : new java.io.File(configured).getAbsoluteFile().toURI().toString()));
        }
        String lake = def.lake().layout().root();
        return new PipelineState(new Path(stripSlash(lake) + "/_tributary/state/" + def.name()));
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    Path root() {
        return root;
    }

    Path checkpoints() {
        return new Path(root, "checkpoints");
    }

    Path savepoints() {
        return new Path(root, "savepoints");
    }

    /**
     * Flink settings that make a job keep its state here: file system checkpoint storage under {@link
     * #checkpoints()}, savepoints under {@link #savepoints()}, checkpoints retained when the job is
     * cancelled or fails, and, when {@code resumeFrom} is given, the restore path.
     */
    public Configuration flinkConfiguration(Optional<String> resumeFrom) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints().toString());
        conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, savepoints().toString());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        resumeFrom.ifPresent(p -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, p));
        return conf;
    }

    /** The newest completed checkpoint or savepoint (its directory), if any. */
    public Optional<String> latest() throws IOException {
        Candidate best = null;
        for (Path dir : new Path[] {checkpoints(), savepoints()}) {
            best = newest(dir, 3, best);
        }
        return best == null ? Optional.empty() : Optional.of(best.dir.toString());
    }

    /** True when a checkpoint or savepoint directory exists here, completed or not. */
    boolean holdsState() throws IOException {
        return latest().isPresent();
    }

    private static final class Candidate {
        final Path dir;
        final long modified;

        Candidate(Path dir, long modified) {
            this.dir = dir;
            this.modified = modified;
        }
    }

    /** Walks up to {@code depth} levels below {@code dir} for {@code _metadata} files. */
    private static Candidate newest(Path dir, int depth, Candidate best) throws IOException {
        FileSystem fs = dir.getFileSystem();
        if (depth == 0 || !fs.exists(dir)) {
            return best;
        }
        FileStatus[] children = fs.listStatus(dir);
        if (children == null) {
            return best;
        }
        for (FileStatus c : children) {
            if (c.isDir()) {
                best = newest(c.getPath(), depth - 1, best);
            } else if (c.getPath().getName().equals(METADATA)
                    && (best == null || c.getModificationTime() > best.modified)) {
                best = new Candidate(c.getPath().getParent(), c.getModificationTime());
            }
        }
        return best;
    }

    /**
     * Removes the checkpoint folders ({@code checkpoints/<job id>}) of earlier runs, all but the one holding
     * {@code resumeFrom}: a run resumes from the newest completed checkpoint, so the older folders (and
     * checkpoints a kill cut short) are never read again. The restored folder stays: the new job restores
     * it without claiming it (Flink's default), and its own first checkpoint is a full one. Call only while
     * holding the pipeline's writer lease, so no running job's folder is touched. Savepoints are kept.
     *
     * @return how many folders were removed
     */
    int pruneCheckpointsExcept(String resumeFrom) throws IOException {
        Path dir = checkpoints();
        FileSystem fs = dir.getFileSystem();
        if (!fs.exists(dir)) {
            return 0;
        }
        String keep = new Path(resumeFrom).toUri().getPath();
        int removed = 0;
        FileStatus[] jobs = fs.listStatus(dir);
        for (FileStatus job : jobs == null ? new FileStatus[0] : jobs) {
            String folder = job.getPath().toUri().getPath();
            if (job.isDir() && !keep.startsWith(folder.endsWith("/") ? folder : folder + "/")) {
                fs.delete(job.getPath(), true);
                removed++;
            }
        }
        return removed;
    }

    /** Removes every retained checkpoint: the state of a run that completed is nothing to resume from. */
    void deleteCheckpoints() throws IOException {
        delete(checkpoints());
    }

    /** Removes checkpoints and savepoints: what {@code run --fresh} discards. */
    public void deleteAll() throws IOException {
        delete(checkpoints());
        delete(savepoints());
        clearRunning();
    }

    private static void delete(Path p) throws IOException {
        FileSystem fs = p.getFileSystem();
        if (fs.exists(p)) {
            fs.delete(p, true);
        }
    }

    /** Records the attached run's job, so {@code stop} and {@code savepoint} from another shell find it. */
    void recordRunning(String jobId, String restAddress) throws IOException {
        Path p = new Path(root, RUNNING);
        FileSystem fs = p.getFileSystem();
        fs.mkdirs(root);
        try (OutputStream out = fs.create(p, FileSystem.WriteMode.OVERWRITE)) {
            out.write(("job-id=" + jobId + "\nrest=" + restAddress + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The recorded running job: {@code job-id} and {@code rest}; empty if none. */
    Optional<Properties> running() throws IOException {
        Path p = new Path(root, RUNNING);
        FileSystem fs = p.getFileSystem();
        if (!fs.exists(p)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(p), StandardCharsets.UTF_8))) {
            props.load(r);
        }
        return Optional.of(props);
    }

    void clearRunning() throws IOException {
        delete(new Path(root, RUNNING));
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
