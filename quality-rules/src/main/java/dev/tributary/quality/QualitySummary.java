package dev.tributary.quality;

import dev.tributary.quality.api.QualityMetrics;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.JobExecutionResult;

import java.util.Map;
import java.util.TreeMap;

/**
 * The quality counters of a finished job, read from its accumulators ({@code
 * quality.<dataset>.<rule>.<metric>} and {@code quality.<dataset>.<metric>}), for an end-of-run
 * summary. Counts are merged over all subtasks.
 */
@PublicEvolving
public final class QualitySummary {
    private final Map<String, Long> counters;

    private QualitySummary(Map<String, Long> counters) {
        this.counters = counters;
    }

    /** The quality counters of a job result. */
    public static QualitySummary from(JobExecutionResult result) {
        return from(result.getAllAccumulatorResults());
    }

    /** The quality counters among accumulator results. */
    public static QualitySummary from(Map<String, Object> accumulators) {
        Map<String, Long> counters = new TreeMap<>();
        accumulators.forEach((name, value) -> {
            if (name.startsWith("quality.") && value instanceof Long) {
                counters.put(name, (Long) value);
            }
        });
        return new QualitySummary(counters);
    }

    /** A rule's counter (see {@link QualityMetrics}); 0 when absent. */
    public long count(String dataset, String rule, String metric) {
        return counters.getOrDefault(QualityMetrics.accumulatorName(dataset, rule, metric), 0L);
    }

    /** A dataset's disposition counter (see {@link QualityMetrics}); 0 when absent. */
    public long count(String dataset, String metric) {
        return counters.getOrDefault(QualityMetrics.accumulatorName(dataset, metric), 0L);
    }

    /** Every counter by accumulator name, sorted. */
    public Map<String, Long> counters() {
        return counters;
    }

    /** One line per counter, sorted, for logs. */
    public String format() {
        StringBuilder sb = new StringBuilder("Data quality summary:");
        counters.forEach((k, v) -> sb.append("\n  ").append(k).append(" = ").append(v));
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
