package dev.tributary.quality;

import dev.tributary.quality.api.RecordRenderer;
import dev.tributary.quality.builtin.ReferentialRule;
import dev.tributary.quality.builtin.UniqueRule;
import dev.tributary.quality.internal.Checked;
import dev.tributary.quality.internal.EvaluateFunction;
import dev.tributary.quality.internal.ReferentialFunction;
import dev.tributary.quality.internal.RouteFunction;
import dev.tributary.quality.internal.UniqueFunction;
import dev.tributary.transforms.api.QuarantineRecord;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.ClosureCleaner;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Row;
import org.apache.flink.util.InstantiationUtil;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * Applies a dataset's {@link RuleSet} to a stream of its records:
 *
 * <pre>
 *  input ─► evaluate (all stateless rules, one chained function)
 *        ─► keyBy(key) ─► unique 'r' ─► ...                 (one keyed operator per unique rule)
 *        ─► keyBy(col).connect(parents.keyBy(ref col))
 *                      ─► referential 'r' ─► ...            (one keyed two-input operator per rule)
 *        ─► route ─► kept (passed + WARN)
 *                 └► quarantine side output (QUARANTINE)    DROP: counted, discarded; FAIL: job fails
 * </pre>
 *
 * <p>Event time only: keyed rules use the records' timestamps and watermarks (assigned at the
 * source) and clear their state with event-time timers. Works in STREAMING and BATCH runtime mode.
 * Every operator gets a readable name and a stable uid derived from {@link Builder#uidPrefix}; a
 * rule's operator uid contains its name, so renaming a rule drops its state on restore.
 *
 * <p>Counters are exported as Flink metrics and accumulators; read them after the job with {@link
 * QualitySummary#from}.
 */
@PublicEvolving
public final class QualityStage {
    private final RuleSet rules;
    private final RecordRenderer renderer;
    private final Map<String, DataStream<Row>> references;
    private final String uidPrefix;

    private QualityStage(RuleSet rules, RecordRenderer renderer, Map<String, DataStream<Row>> references, String uidPrefix) {
        this.rules = rules;
        this.renderer = renderer;
        this.references = references;
        this.uidPrefix = uidPrefix;
    }

    /** Starts configuring a stage for a rule set. */
    public static Builder builder(RuleSet rules) {
        return new Builder(rules);
    }

    /**
     * Applies {@code rules} with the default uid prefix {@code quality-<dataset>}.
     *
     * @param referenceStreams parent datasets of referential rules, by dataset name
     * @throws IllegalArgumentException when a referential rule's dataset or column is missing
     */
    public static QualityResult apply(DataStream<Row> input, RuleSet rules, RecordRenderer renderer,
            Map<String, DataStream<Row>> referenceStreams) {
        Builder b = builder(rules).renderer(renderer);
        referenceStreams.forEach(b::referenceStream);
        return b.build().apply(input);
    }

    /** Wires the stage after {@code input}, whose rows must match the rule set's schema. */
    public QualityResult apply(DataStream<Row> input) {
        checkNotNull(input, "input");
        String dataset = rules.dataset();
        RowTypeInfo rowType = rules.schema().rowTypeInfo();
        TypeInformation<Tuple3<Row, String[], String[]>> envelope = Checked.typeInfo(rowType);

        DataStream<Tuple3<Row, String[], String[]>> checked = input
                .process(new EvaluateFunction(rules), envelope)
                .name("quality[" + dataset + "]: " + rules.recordRules().size() + " stateless rules")
                .uid(uidPrefix + "-evaluate");
        for (UniqueRule rule : rules.uniqueRules()) {
            checked = checked.keyBy(UniqueFunction.keySelector(rule))
                    .process(new UniqueFunction(rule), envelope)
                    .name("quality[" + dataset + "]: unique '" + rule.name() + "' " + rule.columns())
                    .uid(uidPrefix + "-unique-" + rule.name());
        }
        for (ReferentialRule rule : rules.referentialRules()) {
            DataStream<Row> parents = references.get(rule.referenceDataset());
            int position = ((RowTypeInfo) parents.getType()).getFieldIndex(rule.referenceColumn());
            checked = checked.keyBy(ReferentialFunction.childKey(rule))
                    .connect(parents.keyBy(ReferentialFunction.parentKey(position)))
                    .process(new ReferentialFunction(rule, envelope), envelope)
                    .name("quality[" + dataset + "]: referential '" + rule.name() + "' -> "
                            + rule.referenceDataset() + "." + rule.referenceColumn())
                    .uid(uidPrefix + "-referential-" + rule.name());
        }
        SingleOutputStreamOperator<Row> kept = checked
                .process(new RouteFunction(rules, renderer), rowType)
                .name("quality[" + dataset + "]: route by action")
                .uid(uidPrefix + "-route");
        return new QualityResult(kept, kept.getSideOutput(RouteFunction.QUARANTINE));
    }

    /** The outputs of a quality stage. */
    @PublicEvolving
    public static final class QualityResult {
        private final DataStream<Row> kept;
        private final DataStream<QuarantineRecord> quarantine;

        QualityResult(DataStream<Row> kept, DataStream<QuarantineRecord> quarantine) {
            this.kept = kept;
            this.quarantine = quarantine;
        }

        /** Records that passed every rule or failed only WARN rules, unchanged. */
        public DataStream<Row> kept() {
            return kept;
        }

        /** Records that failed a QUARANTINE rule (and no FAIL rule), with every failed rule. */
        public DataStream<QuarantineRecord> quarantine() {
            return quarantine;
        }
    }

    /** Builder of a {@link QualityStage}. */
    @PublicEvolving
    public static final class Builder {
        private final RuleSet rules;
        private RecordRenderer renderer;
        private final Map<String, DataStream<Row>> references = new LinkedHashMap<>();
        private String uidPrefix;

        private Builder(RuleSet rules) {
            this.rules = checkNotNull(rules, "rules");
            this.renderer = RecordRenderer.json(rules.schema());
            this.uidPrefix = "quality-" + rules.dataset();
        }

        /**
         * How records are rendered into the quarantine and FAIL messages (mask PII here). Default:
         * every column as JSON. Checked for serializability now.
         */
        public Builder renderer(RecordRenderer renderer) {
            checkNotNull(renderer, "renderer");
            ClosureCleaner.clean(renderer, ExecutionConfig.ClosureCleanerLevel.RECURSIVE, true);
            // ClosureCleaner skips lambdas (they serialize through writeReplace), so check explicitly.
            try {
                InstantiationUtil.serializeObject(renderer);
            } catch (Exception e) {
                throw new IllegalArgumentException("The record renderer of dataset '" + rules.dataset()
                        + "' is not serializable; it must capture only serializable values: " + e, e);
            }
            this.renderer = renderer;
            return this;
        }

        /** The stream of a parent dataset of referential rules; rows must carry a RowTypeInfo. */
        public Builder referenceStream(String dataset, DataStream<Row> stream) {
            references.put(checkNotNull(dataset, "dataset"), checkNotNull(stream, "stream"));
            return this;
        }

        /** Prefix of every operator uid; default {@code quality-<dataset>}. */
        public Builder uidPrefix(String prefix) {
            checkArgument(prefix != null && !prefix.isBlank(), "uidPrefix must be a non-blank string");
            this.uidPrefix = prefix;
            return this;
        }

        /**
         * Checks that every referential rule has its reference stream and column.
         *
         * @throws IllegalArgumentException listing what to provide
         */
        public QualityStage build() {
            List<String> errors = new ArrayList<>();
            for (ReferentialRule rule : rules.referentialRules()) {
                DataStream<Row> parents = references.get(rule.referenceDataset());
                String prefix = "dataset '" + rules.dataset() + "', rule '" + rule.name() + "': ";
                if (parents == null) {
                    errors.add(prefix + "expected a reference stream for dataset '" + rule.referenceDataset()
                            + "' (call referenceStream), got streams for " + references.keySet());
                } else if (!(parents.getType() instanceof RowTypeInfo)) {
                    errors.add(prefix + "expected reference stream '" + rule.referenceDataset()
                            + "' to have a RowTypeInfo (use schema.rowTypeInfo()), got " + parents.getType());
                } else if (((RowTypeInfo) parents.getType()).getFieldIndex(rule.referenceColumn()) < 0) {
                    errors.add(prefix + "expected column '" + rule.referenceColumn() + "' in reference dataset '"
                            + rule.referenceDataset() + "', which has " + List.of(((RowTypeInfo) parents.getType()).getFieldNames()));
                }
            }
            checkArgument(errors.isEmpty(), "%s", String.join("\n", errors));
            return new QualityStage(rules, renderer, Map.copyOf(references), uidPrefix);
        }
    }
}
