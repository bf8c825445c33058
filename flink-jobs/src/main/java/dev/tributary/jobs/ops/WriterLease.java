package dev.tributary.jobs.ops;

import dev.tributary.jobs.lake.LakeLayout;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.Serializable;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * One writer per pipeline and lake: a lease object {@code <lake>/_tributary/<pipeline>/writer.lease}
 * holding the run id, the job id, its owner and a heartbeat (epoch millis). A run acquires it before
 * submitting, the job refreshes it every {@link #HEARTBEAT} ({@link LeaseHeartbeatSink}), and a second
 * run of the same pipeline into the same lake is refused while the heartbeat is younger than
 * {@link #TTL}. This includes a retry after a submission that reported an error although its job runs
 * (the REST 400 of issue 13): that job's heartbeat keeps the lease.
 *
 * <p>Limits, by design of plain file systems and object stores (S3A has no atomic create-if-absent in
 * Hadoop 3.3): the lease is a guard against a second submission, not a consensus lock. Two submissions
 * within the same second can both pass; a job whose heartbeat stops for longer than the TTL (every
 * TaskManager lost, a JobManager that cannot schedule it) loses the lease although it may come back;
 * the clocks of the machines involved must agree within the TTL. A dead owner's lease expires by itself
 * after the TTL, at once for a local run whose process is gone (same host, pid no longer alive; a reused
 * pid keeps it until the TTL); {@code tributary run} prints who holds it.
 */
@Internal
public final class WriterLease implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final Duration HEARTBEAT = Duration.ofSeconds(5);
    public static final Duration TTL = Duration.ofSeconds(30);

    private final String file;
    private final String pipeline;
    private final String runId;
    private final String owner;
    /** The local process whose MiniCluster runs the job, or -1 (a cluster job outlives its client). */
    private final long pid;

    WriterLease(String file, String pipeline, String runId, String owner, long pid) {
        this.file = file;
        this.pipeline = pipeline;
        this.runId = runId;
        this.owner = owner;
        this.pid = pid;
    }

    /** The lease object of a pipeline in a lake. */
    public static Path location(LakeLayout lake, String pipeline) {
        return new Path(lake.root() + "/_tributary/" + pipeline + "/writer.lease");
    }

    /**
     * Takes the lease for a new run, or throws {@link LeaseHeldException} naming the live holder.
     *
     * @param owner who runs it (host and process), for the message another run prints
     * @param jobInThisProcess the job runs on a MiniCluster inside this process: if the process dies (a
     *     killed local run), the next run on this host takes the lease over at once instead of after the TTL
     */
    public static WriterLease acquire(LakeLayout lake, String pipeline, String runId, String owner,
            boolean jobInThisProcess, long nowMillis) throws IOException {
        return acquire(lake, pipeline, runId, owner, jobInThisProcess, jobId -> false, nowMillis);
    }

    /**
     * Like {@link #acquire(LakeLayout, String, String, String, boolean, long)}; a lease whose job
     * {@code jobEnded} reports as ended (the cluster this run is submitted to knows it as FINISHED,
     * CANCELED or FAILED) no longer holds, so a resume right after a stop with a savepoint (rescale,
     * upgrade) need not wait for the TTL. Answer false when unsure (unknown job, cluster unreachable).
     */
    public static WriterLease acquire(LakeLayout lake, String pipeline, String runId, String owner,
            boolean jobInThisProcess, Predicate<String> jobEnded, long nowMillis) throws IOException {
        Path path = location(lake, pipeline);
        String holder = liveHolder(lake, pipeline, runId, jobEnded, nowMillis);
        if (holder != null) {
            throw new LeaseHeldException(String.format(
                    "pipeline '%s' is already writing to the lake %s: %s. Only one run of a pipeline may write to a lake"
                            + " at a time: stop or cancel that job first; if it is dead, its lease (%s) expires %d s after"
                            + " its last heartbeat",
                    pipeline, lake.root(), holder, path, TTL.toSeconds()));
        }
        WriterLease lease = new WriterLease(path.toString(), pipeline, runId, owner,
                jobInThisProcess ? ProcessHandle.current().pid() : -1);
        lease.write(null, nowMillis);
        return lease;
    }

    /**
     * Who holds a live lease (heartbeat younger than the TTL), described for a message; null when
     * nobody does or the holder is {@code exceptRunId}.
     */
    @Nullable
    public static String liveHolder(LakeLayout lake, String pipeline, @Nullable String exceptRunId, long nowMillis)
            throws IOException {
        return liveHolder(lake, pipeline, exceptRunId, jobId -> false, nowMillis);
    }

    @Nullable
    private static String liveHolder(LakeLayout lake, String pipeline, @Nullable String exceptRunId,
            Predicate<String> jobEnded, long nowMillis) throws IOException {
        Properties held = read(location(lake, pipeline));
        if (held == null || held.getProperty("run-id", "").equals(exceptRunId)) {
            return null;
        }
        long age = nowMillis - Long.parseLong(held.getProperty("heartbeat", "0"));
        String job = held.getProperty("job-id");
        if (age >= TTL.toMillis() || deadLocalProcess(held) || (job != null && jobEnded.test(job))) {
            return null;
        }
        return String.format("job %s (run %s, started by %s), last heartbeat %d s ago",
                held.getProperty("job-id", "(not yet submitted)"), held.getProperty("run-id"), held.getProperty("owner"),
                Math.max(0, age / 1000));
    }

    /** The holder ran its job in a process of this host that no longer exists (a killed local run). */
    private static boolean deadLocalProcess(Properties held) {
        String pid = held.getProperty("pid");
        if (pid == null || !host().equals(held.getProperty("host"))) {
            return false;
        }
        return !ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    }

    static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    public String runId() {
        return runId;
    }

    /** Records the job id (once submitted) with a fresh heartbeat. */
    public void heartbeat(@Nullable String jobId, long nowMillis) throws IOException {
        write(jobId, nowMillis);
    }

    /** Removes the lease if it is still this run's (a run that knows its job ended). */
    public void release() throws IOException {
        Path path = new Path(file);
        Properties held = read(path);
        if (held != null && runId.equals(held.getProperty("run-id"))) {
            path.getFileSystem().delete(path, false);
        }
    }

    private void write(@Nullable String jobId, long nowMillis) throws IOException {
        Path path = new Path(file);
        Properties held = read(path);
        String knownJob = jobId != null ? jobId
                : held != null && runId.equals(held.getProperty("run-id")) ? held.getProperty("job-id") : null;
        StringBuilder sb = new StringBuilder()
                .append("pipeline=").append(pipeline).append('\n')
                .append("run-id=").append(runId).append('\n')
                .append("owner=").append(owner).append('\n')
                .append("heartbeat=").append(nowMillis).append('\n');
        if (pid >= 0) {
            sb.append("host=").append(host()).append('\n').append("pid=").append(pid).append('\n');
        }
        if (knownJob != null) {
            sb.append("job-id=").append(knownJob).append('\n');
        }
        FileSystem fs = path.getFileSystem();
        fs.mkdirs(path.getParent());
        try (FSDataOutputStream out = fs.create(path, FileSystem.WriteMode.OVERWRITE)) {
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Nullable
    static Properties read(Path path) throws IOException {
        FileSystem fs = path.getFileSystem();
        if (!fs.exists(path)) {
            return null;
        }
        try (FSDataInputStream in = fs.open(path)) {
            Properties p = new Properties();
            p.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            return p;
        } catch (java.io.FileNotFoundException released) {
            return null;
        }
    }

    /** Another live run holds the lease: nothing was started. */
    public static final class LeaseHeldException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LeaseHeldException(String message) {
            super(message);
        }
    }
}
