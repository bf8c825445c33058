package dev.tributary.quality.internal;

import dev.tributary.quality.RuleSet;
import dev.tributary.quality.api.QualityRule;
import dev.tributary.quality.api.QualityRuleFailedException;
import dev.tributary.quality.api.RecordRenderer;
import dev.tributary.quality.api.RuleAction;

import static dev.tributary.quality.api.QualityMetrics.CHECKED;
import static dev.tributary.quality.api.QualityMetrics.DROPPED;
import static dev.tributary.quality.api.QualityMetrics.FAILED;
import static dev.tributary.quality.api.QualityMetrics.PASSED;
import static dev.tributary.quality.api.QualityMetrics.QUARANTINED;
import static dev.tributary.quality.api.QualityMetrics.RECORDS;
import static dev.tributary.quality.api.QualityMetrics.WARNED;
import static dev.tributary.quality.api.QualityMetrics.accumulatorName;
import dev.tributary.transforms.api.QuarantineRecord;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last quality operator: counts every rule's outcome, applies the most severe action of the
 * rules a record failed, and feeds the breaker. Passed and WARN records go to the main output;
 * QUARANTINE records to the {@link #QUARANTINE} side output; DROP records are counted and
 * discarded; FAIL throws {@link QualityRuleFailedException}.
 *
 * <p>Counters (metric group {@code quality/<dataset>/<rule>}, accumulator {@code
 * quality.<dataset>.<rule>.<metric>}): {@code checked}, {@code passed}, {@code failed} per rule,
 * and per dataset ({@code quality.<dataset>.<metric>}) the record dispositions {@code records},
 * {@code passed}, {@code warned}, {@code dropped}, {@code quarantined}.
 */
@Internal
public final class RouteFunction extends ProcessFunction<Tuple3<Row, String[], String[]>, Row>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    /** Side output of quarantined records. */
    public static final OutputTag<QuarantineRecord> QUARANTINE =
            new OutputTag<>("quality-quarantine", TypeInformation.of(QuarantineRecord.class));

    private final RuleSet rules;
    private final RecordRenderer renderer;

    private transient String[] ruleNames;
    private transient RuleAction[] ruleActions;
    private transient Map<String, Integer> ruleIndex;
    private transient QualityCounter[][] ruleCounters; // [rule][checked, passed, failed]
    private transient QualityCounter records;
    private transient QualityCounter passed;
    private transient QualityCounter warned;
    private transient QualityCounter dropped;
    private transient QualityCounter quarantined;
    private transient BadRecordBreaker breaker;
    /** Dataset dispositions (records, passed, warned, dropped, quarantined) kept in operator state. */
    private transient ListState<long[]> dispositionState;
    private transient long[] restoredDispositions;
    private transient boolean[] failedScratch;

    public RouteFunction(RuleSet rules, RecordRenderer renderer) {
        this.rules = rules;
        this.renderer = renderer;
    }

    @Override
    public void open(OpenContext openContext) {
        String dataset = rules.dataset();
        List<QualityRule> all = rules.rules();
        ruleNames = new String[all.size()];
        ruleActions = new RuleAction[all.size()];
        ruleIndex = new HashMap<>();
        ruleCounters = new QualityCounter[all.size()][];
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("quality").addGroup(dataset);
        for (int i = 0; i < all.size(); i++) {
            QualityRule r = all.get(i);
            ruleNames[i] = r.name();
            ruleActions[i] = r.action();
            ruleIndex.put(r.name(), i);
            MetricGroup ruleGroup = group.addGroup(r.name());
            ruleCounters[i] = new QualityCounter[] {
                counter(ruleGroup, accumulatorName(dataset, r.name(), CHECKED), CHECKED),
                counter(ruleGroup, accumulatorName(dataset, r.name(), PASSED), PASSED),
                counter(ruleGroup, accumulatorName(dataset, r.name(), FAILED), FAILED)
            };
        }
        records = counter(group, accumulatorName(dataset, RECORDS), RECORDS);
        passed = counter(group, accumulatorName(dataset, PASSED), PASSED);
        warned = counter(group, accumulatorName(dataset, WARNED), WARNED);
        dropped = counter(group, accumulatorName(dataset, DROPPED), DROPPED);
        quarantined = counter(group, accumulatorName(dataset, QUARANTINED), QUARANTINED);
        QualityCounter[] dispositions = {records, passed, warned, dropped, quarantined};
        for (int i = 0; i < dispositions.length; i++) {
            dispositions[i].add(restoredDispositions == null ? 0L : restoredDispositions[i]);
        }
        breaker = rules.breaker().map(p -> new BadRecordBreaker(dataset, p)).orElse(null);
        failedScratch = new boolean[all.size()];
    }

    private QualityCounter counter(MetricGroup group, String accumulator, String metric) {
        QualityCounter c = new QualityCounter();
        getRuntimeContext().addAccumulator(accumulator, c);
        group.counter(metric, c);
        return c;
    }

    /**
     * The dataset disposition counters resume from the checkpoint after a failover, so the job's
     * accounting ({@code in = landed + quarantined + duplicates + dropped}) stays exact; per-rule counters
     * describe the current attempt only.
     */
    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        dispositionState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("quality-dispositions", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        restoredDispositions = new long[5];
        if (context.isRestored()) {
            for (long[] counts : dispositionState.get()) {
                for (int i = 0; i < Math.min(counts.length, restoredDispositions.length); i++) {
                    restoredDispositions[i] += counts[i];
                }
            }
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        dispositionState.update(List.of(new long[] {
            records.getLocalValuePrimitive(), passed.getLocalValuePrimitive(), warned.getLocalValuePrimitive(),
            dropped.getLocalValuePrimitive(), quarantined.getLocalValuePrimitive()
        }));
    }

    @Override
    public void processElement(Tuple3<Row, String[], String[]> in, Context ctx, Collector<Row> out) {
        records.inc();
        String[] failedRules = in.f1;
        RuleAction worst = null;
        int worstRule = -1;
        for (int f = 0; f < failedRules.length; f++) {
            int i = ruleIndex.get(failedRules[f]);
            failedScratch[i] = true;
            if (worst == null || ruleActions[i].severity() > worst.severity()) {
                worst = ruleActions[i];
                worstRule = f;
            }
        }
        for (int i = 0; i < ruleNames.length; i++) {
            ruleCounters[i][0].inc();
            ruleCounters[i][failedScratch[i] ? 2 : 1].inc();
            failedScratch[i] = false;
        }
        if (worst == RuleAction.FAIL) {
            throw new QualityRuleFailedException(
                    rules.dataset(), failedRules[worstRule], in.f2[worstRule], renderer.render(in.f0));
        }
        if (breaker != null) {
            Long ts = ctx.timestamp();
            breaker.record(ts == null ? Long.MIN_VALUE : ts, worst == RuleAction.DROP || worst == RuleAction.QUARANTINE);
        }
        if (worst == null) {
            passed.inc();
            out.collect(in.f0);
        } else if (worst == RuleAction.WARN) {
            warned.inc();
            out.collect(in.f0);
        } else if (worst == RuleAction.DROP) {
            dropped.inc();
        } else {
            quarantined.inc();
            ctx.output(QUARANTINE, quarantine(in, ctx));
        }
    }

    private QuarantineRecord quarantine(Tuple3<Row, String[], String[]> in, Context ctx) {
        StringBuilder reason = new StringBuilder();
        for (int f = 0; f < in.f1.length; f++) {
            if (f > 0) {
                reason.append("; ");
            }
            reason.append(in.f1[f]).append(": ").append(in.f2[f]);
        }
        Long ts = ctx.timestamp();
        QuarantineRecord q = new QuarantineRecord();
        q.dataset = rules.dataset();
        q.reason = reason.toString();
        q.failedRules = String.join(",", in.f1);
        q.rawPayload = renderer.render(in.f0);
        q.eventTime = ts == null || ts == Long.MIN_VALUE ? null : Instant.ofEpochMilli(ts);
        // Ingestion metadata, not event-time logic: the wall clock is the right clock here.
        q.quarantinedAt = Instant.ofEpochMilli(ctx.timerService().currentProcessingTime());
        return q;
    }
}
