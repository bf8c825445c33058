package dev.tributary.transforms.api;

import org.apache.flink.annotation.PublicEvolving;

/**
 * The last-resort guard of the intake: an exception while handling one record (decoding, scrubbing,
 * evaluating rules, protecting PII, rendering) quarantines that record instead of failing the task,
 * because a task that fails on a record fails again on it after every restart.
 *
 * <p>Only failures a record can cause are contained: runtime exceptions and {@link StackOverflowError}
 * (deep or long input in a recursive library). Other errors (out of memory, linkage) and the exceptions a
 * job is meant to stop on (a FAIL rule, a breaker, a schema change) are not caught by the callers.
 *
 * <p>The reason names the stage and the exception type, never the exception's message: messages of
 * parsers and rules quote the input, and the quarantine must hold no clear PII.
 */
@PublicEvolving
public final class RecordGuard {
    /** Reason category of records quarantined by the guard. */
    public static final String CATEGORY = "internal-error";

    private RecordGuard() {}

    /** True for the failures one record can cause and the intake contains. */
    public static boolean contains(Throwable t) {
        return t instanceof RuntimeException || t instanceof StackOverflowError;
    }

    /** A content-free quarantine reason: {@code internal-error: <stage> failed (<exception type>)}. */
    public static String reason(String stage, Throwable t) {
        return CATEGORY + ": " + stage + " failed on this record (" + t.getClass().getName() + ")";
    }
}
