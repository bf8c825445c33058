package dev.tributary.jobs.cli;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Waiting for an attached run, with Ctrl-C and SIGTERM turned into a stop with a savepoint.
 *
 * <p>A JVM shutdown hook is too late for that: Flink's own hooks tear the local MiniCluster down at the
 * same time. So for the wait the INT and TERM signal handlers are replaced: the first signal stops the job
 * with a savepoint in the pipeline's state location (the job then finishes and the caller prints the
 * summary), a second one exits at once (exit 130). Where the JVM does not offer {@code sun.misc.Signal},
 * signals keep their default behaviour (the retained checkpoints still allow a resume).
 */
@Internal
final class AttachedRun {

    private final JobClient client;
    private final PipelineState state;
    private final PrintStream err;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicReference<String> savepoint = new AtomicReference<>();
    private final AtomicReference<Throwable> stopFailure = new AtomicReference<>();

    AttachedRun(JobClient client, PipelineState state, PrintStream err) {
        this.client = client;
        this.state = state;
        this.err = err;
    }

    /** Waits for the job's end; a signal meanwhile stops it with a savepoint. */
    JobExecutionResult await() throws Exception {
        Object[] previous = installHandlers();
        try {
            return client.getJobExecutionResult().get();
        } finally {
            restoreHandlers(previous);
        }
    }

    /** The savepoint taken on a signal, or null. */
    String savepoint() {
        return savepoint.get();
    }

    boolean stoppedBySignal() {
        return stopping.get();
    }

    void onSignal(String name) {
        if (!stopping.compareAndSet(false, true)) {
            err.println("tributary: second " + name + ", exiting now; the retained checkpoints in " + state
                    + " still allow a resume");
            Runtime.getRuntime().halt(130);
        }
        err.println("tributary: " + name + " received, stopping the job with a savepoint in " + state.savepoints()
                + " (press Ctrl-C again to exit at once)");
        CompletableFuture<String> stop =
                client.stopWithSavepoint(false, state.savepoints().toString(), SavepointFormatType.CANONICAL);
        stop.whenComplete((path, failure) -> {
            if (failure != null) {
                stopFailure.set(failure);
                err.println("tributary: the stop with a savepoint failed (" + TributaryCli.rootMessage(failure)
                        + "); cancelling, the last completed checkpoint in " + state.checkpoints() + " is kept");
                try {
                    client.cancel().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    Runtime.getRuntime().halt(130);
                }
            } else {
                savepoint.set(path);
            }
        });
    }

    private Object[] installHandlers() {
        try {
            Object[] previous = new Object[2];
            String[] names = {"INT", "TERM"};
            for (int i = 0; i < names.length; i++) {
                sun.misc.Signal signal = new sun.misc.Signal(names[i]);
                String name = "SIG" + names[i];
                previous[i] = sun.misc.Signal.handle(signal, s -> onSignal(name));
            }
            return previous;
        } catch (Throwable unavailable) {
            return null;
        }
    }

    private static void restoreHandlers(Object[] previous) {
        if (previous == null) {
            return;
        }
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), (sun.misc.SignalHandler) previous[0]);
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), (sun.misc.SignalHandler) previous[1]);
        } catch (Throwable ignored) {
            // nothing to restore
        }
    }

    /** Accumulators of the still running job, for a summary when it cannot finish normally. */
    Map<String, Object> accumulatorsOrEmpty() {
        try {
            return client.getAccumulators().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return Map.of();
        }
    }
}
