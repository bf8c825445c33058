package dev.tributary.jobs.bronze;

import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeSinks;
import dev.tributary.jobs.lake.LakeTable;
import dev.tributary.quality.QualityStage;
import dev.tributary.quality.builtin.ReferentialRule;
import dev.tributary.transforms.api.PiiKey;
import dev.tributary.transforms.api.QuarantineRecord;
import dev.tributary.transforms.api.RecordSchema;
import dev.tributary.transforms.builtin.DeduplicateOperator;
import dev.tributary.transforms.builtin.PiiMasker;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.OutputTag;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * The bronze layer: every source record lands once, typed, with ingestion metadata and PII protected,
 * partitioned by event date; malformed records and records failing QUARANTINE rules land in the
 * quarantine with the reason(s) and the PII-scrubbed payload.
 *
 * <pre>
 *  source (JSON parsed at the source; watermarks per split, aligned per sync group)
 *    └─ intake ──(malformed)─────────────────────────────────────────────┐  counts "in"
 *         └─ quality rules (clear values) ──(QUARANTINE)─────────────────┤  DROP counted, FAIL stops the job
 *              └─ pii ─ keyBy(dedupe key) ─ dedupe ─ count "landed" ─ FileSink bronze/&lt;ds&gt;
 *                                 └ counts "duplicates"                  │
 *                                        count "quarantined" ─ FileSink bronze/_quarantine/&lt;ds&gt;
 * </pre>
 *
 * Accounting per dataset: {@code in = landed + quarantined + duplicates + dropped-by-rules}. The bronze
 * counters are checkpointed ({@link dev.tributary.transforms.api.DurableCounter}), so they stay exact
 * across failover. Every operator has a stable uid ({@code <uidPrefix>bronze-<dataset>-<step>}) so
 * savepoints map across versions. Referential rules may name datasets declared earlier in the input list.
 */
@PublicEvolving
public final class BronzeJob {

    /** How often sources of a sync group report watermarks and learn the group's allowed maximum. */
    public static final java.time.Duration ALIGNMENT_UPDATE_INTERVAL = java.time.Duration.ofMillis(200);

    private final List<BronzeInput> inputs;
    private final LakeLayout lake;
    private final LakeSinks sinks;
    @Nullable private final PiiKey piiKey;
    private final String uidPrefix;

    /** @param piiKey the key hashing PII columns; may be null when no input declares PII columns */
    public BronzeJob(List<BronzeInput> inputs, LakeLayout lake, LakeSinks sinks, @Nullable PiiKey piiKey, String uidPrefix) {
        checkArgument(!inputs.isEmpty(), "bronze needs at least one input");
        for (BronzeInput in : inputs) {
            checkArgument(piiKey != null || in.dataset().pii().isEmpty(), "dataset '%s' declares PII columns %s and no PII key"
                    + " was given; expected a PII key (the environment variable TRIBUTARY_PII_KEY)", in.dataset().name(),
                    in.dataset().pii().columns().keySet());
        }
        this.inputs = List.copyOf(inputs);
        this.lake = checkNotNull(lake, "lake");
        this.sinks = checkNotNull(sinks, "sinks");
        this.piiKey = piiKey;
        this.uidPrefix = checkNotNull(uidPrefix, "uidPrefix");
    }

    /** Wires the layer and returns, per dataset, the stream of landed rows (for silver to continue from). */
    public Map<String, DataStream<Row>> build(StreamExecutionEnvironment env) {
        Map<String, DataStream<Row>> landed = new LinkedHashMap<>();
        for (BronzeInput input : inputs) {
            checkArgument(!landed.containsKey(input.dataset().name()), "dataset '%s' has two bronze inputs", input.dataset().name());
            landed.put(input.dataset().name(), buildDataset(env, input, landed));
        }
        return landed;
    }

    private DataStream<Row> buildDataset(StreamExecutionEnvironment env, BronzeInput input, Map<String, DataStream<Row>> parents) {
        DatasetDef ds = input.dataset();
        String name = ds.name();
        RecordSchema declared = ds.schema();
        RecordSchema inFlight = BronzeSchemas.inFlight(declared);
        RowTypeInfo rowType = inFlight.rowTypeInfo();
        PiiMasker masker = new PiiMasker(declared, ds.pii(), piiKey);
        OutputTag<QuarantineRecord> quarantineTag = new OutputTag<>("quarantine-" + name) {};

        // Alignment paces unbounded sources; on Flink 1.20.1 it can deadlock bounded ones once they have no
        // splits left (FLINK-37670, fixed in 1.20.2), and bounded inputs gain nothing from it: results are equal.
        boolean bounded = input.source().getBoundedness() == Boundedness.BOUNDED;
        DataStream<Row> raw;
        if (input.watermarksAfterSource()) {
            raw = env.fromSource(input.source(), WatermarkStrategy.noWatermarks(), input.sourceName(), rowType)
                    .uid(uid(name, "source"))
                    .transform("bronze " + name + ": event time", rowType, subtaskWatermarks(ds))
                    .uid(uid(name, "watermarks"));
        } else {
            raw = env.fromSource(input.source(), watermarks(ds, !bounded), input.sourceName(), rowType)
                    .uid(uid(name, "source"));
        }
        if (input.monitor() != null) {
            raw = raw.process(input.monitor(), rowType).uid(uid(name, "monitor")).name("bronze " + name + ": source metrics");
        }

        SingleOutputStreamOperator<Row> valid = raw
                .process(new BronzeIntakeFunction(name, declared.arity(), masker, quarantineTag), rowType)
                .uid(uid(name, "intake")).name("bronze " + name + ": intake");
        DataStream<QuarantineRecord> quarantined = valid.getSideOutput(quarantineTag);

        DataStream<Row> checked = valid;
        if (input.rules() != null) {
            QualityStage.Builder quality = QualityStage.builder(input.rules())
                    .renderer(new BronzeRecordRenderer(masker, inFlight, BronzeDecoder.rawPosition(declared), ds.pii()))
                    .uidPrefix(uid(name, "quality"));
            for (ReferentialRule r : input.rules().referentialRules()) {
                DataStream<Row> parent = parents.get(r.referenceDataset());
                checkArgument(parent != null, "dataset '%s', rule '%s': reference dataset '%s' is not a bronze input of this job "
                        + "declared before it; inputs are %s", name, r.name(), r.referenceDataset(), parents.keySet());
                quality.referenceStream(r.referenceDataset(), parent);
            }
            QualityStage.QualityResult result = quality.build().apply(valid);
            checked = result.kept();
            quarantined = quarantined.union(result.quarantine());
        }

        // The PII map's output crosses the keyed exchange (and in BATCH is sorted by key), and the dedupe's and
        // counter's outputs are copied on every chained edge: RecordRowTypeInfo serializes and copies them cheaper
        // than RowSerializer (issue 16). It is a RowTypeInfo with the same fields; no operator keeps it in state.
        RecordRowTypeInfo exchanged = new RecordRowTypeInfo(inFlight);
        DataStream<Row> protectedRows = checked
                .map(new PiiProtectFunction(masker, BronzeDecoder.rawPosition(declared)), exchanged)
                .uid(uid(name, "pii")).name("bronze " + name + ": pii");
        KeyColumns key = new KeyColumns(keyPositions(declared, ds.dedupeKey()));
        String counterPrefix = "bronze." + name;
        // Same uid as the first layout (a KeyedProcessOperator around DeduplicateFunction): its savepoints restore.
        // BATCH sorts by a fixed-length hash of the key (no savepoints there; the operator compares real keys
        // within a hash), which the sorter sorts by normalized keys alone; STREAMING keys state by the key itself.
        DataStream<Row> deduped = isBatch(env)
                ? protectedRows.keyBy(new HashedKeyColumns(key))
                        .transform("bronze " + name + ": dedupe", exchanged,
                                DeduplicateOperator.<Long>sortedByHash(ds.dedupeRetention(), counterPrefix, key))
                        .uid(uid(name, "dedupe"))
                : protectedRows.keyBy(key)
                        .transform("bronze " + name + ": dedupe", exchanged,
                                new DeduplicateOperator<String>(ds.dedupeRetention(), counterPrefix))
                        .uid(uid(name, "dedupe"));

        SingleOutputStreamOperator<Row> counted = deduped
                .process(new CountingFunction<Row>("bronze." + name + ".landed", "landed"), exchanged)
                .uid(uid(name, "count-landed")).name("bronze " + name + ": count landed");
        sinks.write(counted, lake, table(ds), uid(name, "sink"))
                .name("bronze " + name + ": " + sinks.format().key());

        DataStream<Row> quarantineRows = quarantined
                .process(new CountingFunction<QuarantineRecord>("bronze." + name + ".quarantined", "quarantined"))
                .uid(uid(name, "count-quarantined")).name("bronze " + name + ": count quarantined")
                .map(QuarantineRows::toRow, BronzeSchemas.QUARANTINE.rowTypeInfo())
                .uid(uid(name, "quarantine-rows")).name("bronze " + name + ": quarantine rows");
        sinks.write(quarantineRows, lake, quarantineTable(ds), uid(name, "quarantine-sink"))
                .name("bronze " + name + ": quarantine " + sinks.format().key());
        return counted;
    }

    /**
     * The bronze lake table of a dataset: its declared columns plus ingestion metadata, by day of event time. A
     * single-column de-duplication key (unique in the table by construction) and the source offset (increasing
     * per source partition) are written without a Parquet dictionary, which could never pay off on them.
     */
    public static LakeTable table(DatasetDef ds) {
        List<String> plain = new ArrayList<>();
        if (ds.dedupeKey().size() == 1) {
            plain.add(ds.dedupeKey().get(0));
        }
        plain.add(BronzeSchemas.SOURCE_OFFSET);
        return LakeTable.of(LakeLayout.BRONZE, ds.name(), BronzeSchemas.landed(ds.schema()), "event_date", ds.eventTimeColumn())
                .withoutDictionary(plain);
    }

    /** The quarantine side table of a dataset. */
    public static LakeTable quarantineTable(DatasetDef ds) {
        return LakeTable.side(LakeLayout.BRONZE, LakeLayout.QUARANTINE, ds.name(), BronzeSchemas.QUARANTINE,
                "quarantine_date", "quarantined_at");
    }

    private String uid(String dataset, String step) {
        return uidPrefix + "bronze-" + dataset + "-" + step;
    }

    /**
     * The source watermark strategy of a dataset: bounded out-of-orderness, idleness after the idle timeout,
     * and, for a dataset in a sync group, watermark alignment with the group's declared max drift (checked every
     * {@link #ALIGNMENT_UPDATE_INTERVAL}). Public so lake-table sources (batch re-processing) stamp the same event time.
     */
    public static WatermarkStrategy<Row> watermarks(DatasetDef ds) {
        return watermarks(ds, true);
    }

    /** As {@link #watermarks(DatasetDef)}, with sync-group alignment only when {@code aligned}. */
    public static WatermarkStrategy<Row> watermarks(DatasetDef ds, boolean aligned) {
        WatermarkStrategy<Row> s = WatermarkStrategy.<Row>forBoundedOutOfOrderness(ds.outOfOrderness())
                .withTimestampAssigner(new BronzeDecoder.EventTimeAssigner(ds.schema().indexOf(ds.eventTimeColumn())));
        if (!ds.idleTimeout().isZero()) {
            s = s.withIdleness(ds.idleTimeout());
        }
        if (aligned && ds.syncGroup() != null) {
            s = s.withWatermarkAlignment(ds.syncGroup(), ds.maxDrift(), ALIGNMENT_UPDATE_INTERVAL);
        }
        return s;
    }

    /** Idleness used after the source when the dataset declares none: a subtask without a split must not stall. */
    static final java.time.Duration DEFAULT_SUBTASK_IDLENESS = java.time.Duration.ofSeconds(5);

    /**
     * Event time assigned after the source ({@link BronzeInput#withWatermarksAfterSource()}): bounded
     * out-of-orderness, and idleness per subtask (the dataset's idle timeout, else {@link
     * #DEFAULT_SUBTASK_IDLENESS}), so a subtask left without a split is marked idle and stops holding back
     * event time. No alignment. See {@link SubtaskWatermarkOperator}.
     */
    static SubtaskWatermarkOperator subtaskWatermarks(DatasetDef ds) {
        return new SubtaskWatermarkOperator(ds.schema().indexOf(ds.eventTimeColumn()), ds.outOfOrderness(),
                ds.idleTimeout().isZero() ? DEFAULT_SUBTASK_IDLENESS : ds.idleTimeout());
    }

    private static boolean isBatch(StreamExecutionEnvironment env) {
        return env.getConfiguration().get(ExecutionOptions.RUNTIME_MODE) == RuntimeExecutionMode.BATCH;
    }

    static int[] keyPositions(RecordSchema schema, List<String> columns) {
        List<Integer> p = new ArrayList<>();
        for (String c : columns) {
            p.add(schema.indexOf(c));
        }
        return p.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Composite key: the key columns' string forms joined by a unit separator. */
    static final class KeyColumns implements KeySelector<Row, String> {
        private static final long serialVersionUID = 1L;
        private final int[] positions;

        KeyColumns(int[] positions) {
            this.positions = positions;
        }

        @Override
        public String getKey(Row row) {
            if (positions.length == 1) {
                return String.valueOf(row.getField(positions[0]));
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < positions.length; i++) {
                if (i > 0) {
                    sb.append('\u001f');
                }
                sb.append(row.getField(positions[i]));
            }
            return sb.toString();
        }
    }

}
