package dev.tributary.jobs.compose;

import dev.tributary.jobs.definition.PipelineDef;
import dev.tributary.jobs.definition.RuntimeDef;
import dev.tributary.jobs.definition.yaml.DefinitionErrors;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.transforms.api.PiiKey;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * Turns a validated pipeline into a Flink job on a {@link StreamExecutionEnvironment}, one translator
 * per stage:
 *
 * <pre>
 *  runtime (mode, checkpoints, parallelism)
 *  SourceTranslator   SourceDef ─► BronzeInput (kafka | files | generator | postgres-cdc)
 *  BronzeTranslator   BronzeJob ─► bronze/&lt;ds&gt;, bronze/_quarantine/&lt;ds&gt;; quality rules gate silver
 *  ModelTranslator    silver models, gold marts (SQL | transform) ─► silver/&lt;m&gt;, gold/&lt;m&gt;
 * </pre>
 *
 * The job is only built here; the caller executes it. Operator uids derive from {@code uidPrefix} and
 * dataset/model names, so a savepoint maps across versions of the same definition.
 */
@PublicEvolving
public final class PipelineComposer {

    private final ResolvedPipeline pipeline;
    @javax.annotation.Nullable private final PiiKey piiKey;
    private final String uidPrefix;

    /** @param piiKey the key hashing PII columns; may be null when no source declares PII columns */
    public PipelineComposer(ResolvedPipeline pipeline, @javax.annotation.Nullable PiiKey piiKey, String uidPrefix) {
        this.pipeline = checkNotNull(pipeline, "pipeline");
        this.piiKey = piiKey;
        this.uidPrefix = checkNotNull(uidPrefix, "uidPrefix");
    }

    /** Wires the whole pipeline; returns every table's stream (bronze datasets as seen by silver, then models). */
    public Map<String, DataStream<Row>> compose(StreamExecutionEnvironment env) {
        PipelineDef def = pipeline.def();
        applyRuntime(env, def.runtime());
        LakeLayout lake = def.lake().layout();
        Map<String, DataStream<Row>> bronze =
                new BronzeTranslator(lake, def.lake().sinks(), piiKey, uidPrefix).translate(env, def, new SourceTranslator(def.name()));
        Map<String, DataStream<Row>> tables = new LinkedHashMap<>(bronze);
        if (def.models().isEmpty()) {
            return tables;
        }
        StreamTableEnvironment tEnv = PipelineLoader.tableEnvironment(env, def.runtime().mode());
        DefinitionErrors errors = new DefinitionErrors(pipeline.parsed() == null ? "<java>" : pipeline.parsed().errors().file());
        ModelTranslator models = new ModelTranslator(pipeline.registry(), pipeline.parsed(), errors);
        bronze.forEach((name, rows) -> models.addInput(tEnv, name, rows, pipeline.schemas().get(name),
                PipelineLoader.datasets(def).get(name).allowedLateness()));
        models.translate(env, tEnv, PipelineLoader.datasets(def), def.models(), new HashSet<>(), lake, def.lake().sinks(), uidPrefix);
        errors.throwIfAny();
        tables.putAll(models.streams());
        return tables;
    }

    static void applyRuntime(StreamExecutionEnvironment env, RuntimeDef runtime) {
        env.setRuntimeMode(runtime.mode());
        if (runtime.parallelism() > 0) {
            env.setParallelism(runtime.parallelism());
        }
        if (runtime.mode() == RuntimeExecutionMode.STREAMING) {
            // The lake sinks commit on checkpoints: without them nothing is ever visible.
            env.enableCheckpointing(runtime.checkpointInterval().toMillis());
        }
    }
}
