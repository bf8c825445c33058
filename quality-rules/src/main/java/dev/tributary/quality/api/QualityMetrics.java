package dev.tributary.quality.api;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Names of the counters every quality stage exports, as Flink metrics under the group {@code
 * quality/<dataset>/<rule>} (per rule) or {@code quality/<dataset>} (per dataset), and as
 * accumulators named {@code quality.<dataset>.<rule>.<metric>} / {@code quality.<dataset>.<metric>}.
 */
@PublicEvolving
public final class QualityMetrics {
    /** Per rule: records the rule looked at. */
    public static final String CHECKED = "checked";
    /** Per rule: records that passed it. Per dataset: records that passed every rule. */
    public static final String PASSED = "passed";
    /** Per rule: records that failed it (whatever the action that then applied). */
    public static final String FAILED = "failed";
    /** Per dataset: records seen. */
    public static final String RECORDS = "records";
    /** Per dataset: records kept whose most severe failed rule was WARN. */
    public static final String WARNED = "warned";
    /** Per dataset: records discarded by a DROP rule. */
    public static final String DROPPED = "dropped";
    /** Per dataset: records routed to the quarantine. */
    public static final String QUARANTINED = "quarantined";

    private QualityMetrics() {}

    /** The accumulator name of a per-rule counter. */
    public static String accumulatorName(String dataset, String rule, String metric) {
        return "quality." + dataset + "." + rule + "." + metric;
    }

    /** The accumulator name of a per-dataset counter. */
    public static String accumulatorName(String dataset, String metric) {
        return "quality." + dataset + "." + metric;
    }
}
