package dev.tributary.jobs.ops;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a {@link WriterLease} alive from inside the job, so it holds for detached and REST submissions
 * too (where no client stays to refresh it). Attached to one stream of the job, chained and stateless;
 * only subtask 0 beats, every {@link WriterLease#HEARTBEAT}, from a daemon thread that stops when the
 * task closes (finish, cancel, failover: a restart re-opens it well within the TTL).
 *
 * <p>Records pass through untouched and are dropped here; the stream's real consumers are unaffected.
 */
@Internal
public final class LeaseHeartbeatSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LeaseHeartbeatSink.class);

    private final WriterLease lease;

    public LeaseHeartbeatSink(WriterLease lease) {
        this.lease = lease;
    }

    /** Flink 1.20's abstract variant (removed in 2.x, where the {@link WriterInitContext} one remains). */
    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<T> createWriter(InitContext context) {
        return writer(context);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return writer(context);
    }

    private SinkWriter<T> writer(org.apache.flink.api.connector.sink2.InitContext context) {
        return new Writer<>(context.getTaskInfo().getIndexOfThisSubtask() == 0 ? lease : null,
                context.getJobInfo().getJobId().toString());
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private final ScheduledExecutorService beats;

        Writer(WriterLease lease, String jobId) {
            if (lease == null) {
                beats = null;
                return;
            }
            beats = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "tributary-writer-lease");
                t.setDaemon(true);
                return t;
            });
            beats.scheduleAtFixedRate(() -> {
                try {
                    lease.heartbeat(jobId, System.currentTimeMillis());
                } catch (Exception e) {
                    LOG.warn("cannot refresh the writer lease of run {}: {}", lease.runId(), e.toString());
                }
            }, 0, WriterLease.HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void write(T element, Context context) {}

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {
            if (beats != null) {
                beats.shutdownNow();
            }
        }
    }
}
