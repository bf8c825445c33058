package dev.tributary.jobs.compose;

import dev.tributary.jobs.bronze.BronzeInput;
import dev.tributary.jobs.bronze.BronzeJob;
import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.jobs.definition.PipelineDef;
import dev.tributary.jobs.definition.SourceDef;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeSinks;
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
 * Bronze stage: {@link BronzeJob} over every source, each dataset with its quality rules.
 *
 * <pre>
 *  SourceDef ─ BronzeInput (+ RuleSet over the in-flight layout) ─ BronzeJob ─ bronze/&lt;ds&gt;, bronze/_quarantine/&lt;ds&gt;
 *                                                                      └─ landed rows ─ project to landed layout ─► silver
 * </pre>
 *
 * Rules run inside bronze on clear values before PII protection and de-duplication: DROP records never
 * land, QUARANTINE records land in the quarantine with the rules they failed, FAIL and the breaker stop
 * the job (see {@link BronzeJob}).
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

    /** Wires bronze with the rules; returns each dataset's landed rows (landed layout) for silver. */
    Map<String, DataStream<Row>> translate(StreamExecutionEnvironment env, PipelineDef def, SourceTranslator sources) {
        List<BronzeInput> inputs = new ArrayList<>();
        for (SourceDef s : def.sources()) {
            BronzeInput input = sources.translate(s);
            if (!s.quality().isEmpty()) {
                input = input.withRules(s.quality().toRuleSet(BronzeSchemas.inFlight(s.dataset().schema())));
            }
            inputs.add(input);
        }
        Map<String, DataStream<Row>> landed = new BronzeJob(inputs, lake, sinks, piiKey, uidPrefix).build(env);
        Map<String, DataStream<Row>> rows = new LinkedHashMap<>();
        for (SourceDef s : def.sources()) {
            RecordSchema schema = BronzeSchemas.landed(s.dataset().schema());
            rows.put(s.name(), landed.get(s.name())
                    .map(new ProjectFunction(schema.arity()), schema.rowTypeInfo())
                    .uid(uidPrefix + "bronze-" + s.name() + "-rows").name("bronze " + s.name() + ": landed rows"));
        }
        return rows;
    }
}
