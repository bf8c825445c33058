package dev.tributary.jobs.compose;

import dev.tributary.jobs.bronze.BronzeInput;
import dev.tributary.jobs.bronze.BronzeJob;
import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.jobs.bronze.QuarantineRows;
import dev.tributary.jobs.definition.PipelineDef;
import dev.tributary.jobs.definition.SourceDef;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeSinks;
import dev.tributary.quality.QualityStage;
import dev.tributary.quality.RuleSet;
import dev.tributary.transforms.api.PiiKey;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bronze stage: {@link BronzeJob} over every source, then each dataset's quality rules.
 *
 * <pre>
 *  BronzeInput* ─ BronzeJob ─ landed rows ─ project to landed layout ─┬─ (no rules) ──────────────► to silver
 *                                                                    └─ QualityStage ─ kept ─────► to silver
 *                                                                             └─ quarantine ─ FileSink bronze/_quarantine/&lt;ds&gt;
 * </pre>
 *
 * Rules run on landed rows (declared columns plus ingestion metadata) and gate what silver and gold see:
 * DROP and QUARANTINE records are already in {@code bronze/<ds>} (bronze keeps every source record once,
 * as it came) but never reach the models; QUARANTINE records also land in the quarantine with the rules
 * failed; FAIL and the breaker stop the job. Extension point: when {@code BronzeJob} accepts a rule set
 * per input, move the stage in front of the bronze sink there.
 */
@Internal
final class BronzeTranslator {

    private final LakeLayout lake;
    private final LakeSinks sinks;
    private final PiiKey piiKey;
    private final String uidPrefix;

    BronzeTranslator(LakeLayout lake, LakeSinks sinks, PiiKey piiKey, String uidPrefix) {
        this.lake = lake;
        this.sinks = sinks;
        this.piiKey = piiKey;
        this.uidPrefix = uidPrefix;
    }

    /** Wires bronze and the rules; returns each dataset's rows for silver, in landed layout. */
    Map<String, DataStream<Row>> translate(StreamExecutionEnvironment env, PipelineDef def, SourceTranslator sources) {
        List<BronzeInput> inputs = new ArrayList<>();
        for (SourceDef s : def.sources()) {
            inputs.add(sources.translate(s));
        }
        Map<String, DataStream<Row>> landed = new BronzeJob(inputs, lake, sinks, piiKey, uidPrefix).build(env);
        Map<String, DataStream<Row>> rows = new LinkedHashMap<>();
        for (SourceDef s : def.sources()) {
            RecordSchema schema = BronzeSchemas.landed(s.dataset().schema());
            rows.put(s.name(), landed.get(s.name())
                    .map(new ProjectFunction(schema.arity()), schema.rowTypeInfo())
                    .uid(uidPrefix + "bronze-" + s.name() + "-rows").name("bronze " + s.name() + ": landed rows"));
        }
        Map<String, DataStream<Row>> gated = new LinkedHashMap<>(rows);
        for (SourceDef s : def.sources()) {
            if (s.quality().isEmpty()) {
                continue;
            }
            RuleSet rules = s.quality().toRuleSet(BronzeSchemas.landed(s.dataset().schema()));
            QualityStage.Builder b = QualityStage.builder(rules).uidPrefix(uidPrefix + "quality-" + s.name());
            rules.referentialRules().forEach(r -> b.referenceStream(r.referenceDataset(), rows.get(r.referenceDataset())));
            QualityStage.QualityResult result = b.build().apply(rows.get(s.name()));
            gated.put(s.name(), result.kept());
            result.quarantine()
                    .map(QuarantineRows::toRow, BronzeSchemas.QUARANTINE.rowTypeInfo())
                    .uid(uidPrefix + "quality-" + s.name() + "-quarantine-rows").name("quality " + s.name() + ": quarantine rows")
                    .sinkTo(sinks.parquet(lake.bronzeQuarantine(s.name()), BronzeSchemas.QUARANTINE, "quarantine_date", "quarantined_at"))
                    .uid(uidPrefix + "quality-" + s.name() + "-quarantine-sink").name("quality " + s.name() + ": quarantine parquet");
        }
        return gated;
    }
}
