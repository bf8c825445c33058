package dev.tributary.testing;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Bounded polling for tests that must wait on an external system (a broker, a database, an object
 * store). Replaces bare {@code Thread.sleep} synchronization: the condition is checked every
 * {@value #POLL_INTERVAL_MS} ms until it holds or the deadline passes, in the spirit of Flink's
 * {@code CommonTestUtils.waitUtil}.
 */
public final class Waiting {

    static final long POLL_INTERVAL_MS = 100;

    private Waiting() {}

    /**
     * Polls {@code condition} until it returns {@code true}.
     *
     * <p>An exception thrown by the condition counts as "not yet" and is attached to the timeout
     * error if the deadline passes, so the failure shows why the condition never held.
     *
     * @throws AssertionError if the condition does not hold within {@code timeout}; its message
     *     starts with {@code description}
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public static void waitUntil(Supplier<Boolean> condition, Duration timeout, String description)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException lastFailure = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.get())) {
                    return;
                }
            } catch (RuntimeException e) {
                lastFailure = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                AssertionError error =
                        new AssertionError(description + " (not reached within " + timeout + ")");
                if (lastFailure != null) {
                    error.initCause(lastFailure);
                }
                throw error;
            }
            // A poll interval inside a deadline loop, not a synchronization sleep.
            Thread.sleep(POLL_INTERVAL_MS);
        }
    }
}
