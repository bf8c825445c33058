package dev.tributary.jobs.compose;

import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.jobs.definition.PipelineDef;
import dev.tributary.jobs.definition.SourceDef;
import dev.tributary.jobs.definition.SourceFactories;
import dev.tributary.jobs.definition.SourceKind;
import dev.tributary.jobs.definition.yaml.DefinitionErrors;
import dev.tributary.jobs.definition.yaml.DefinitionException;
import dev.tributary.jobs.definition.yaml.ParsedPipeline;
import dev.tributary.jobs.definition.yaml.PipelineDefinitionParser;
import dev.tributary.transforms.api.RecordSchema;
import dev.tributary.transforms.api.SourceFactory;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

import javax.annotation.Nullable;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates a pipeline definition before anything starts: structure and cross-references
 * ({@link PipelineDefinitionParser}), the transforms and SQL functions on the classpath, and every
 * silver/gold query, planned by Flink's SQL planner over the declared schemas (nothing runs). All
 * problems are reported together in one {@link DefinitionException}.
 */
@PublicEvolving
public final class PipelineLoader {

    private PipelineLoader() {}

    /**
     * Loads a definition.
     *
     * @param file the name to report in errors (the path given by the user)
     * @param env environment variables for {@code ${NAME}} substitution
     * @throws DefinitionException listing every problem
     */
    public static ResolvedPipeline load(String yaml, String file, Map<String, String> env, ClassLoader classLoader) {
        ParsedPipeline parsed = PipelineDefinitionParser.read(yaml, file, env);
        return resolve(parsed.def(), parsed, parsed.errors(), classLoader);
    }

    /** Validates a pipeline built in Java (errors have no line numbers). */
    public static ResolvedPipeline resolve(PipelineDef def, ClassLoader classLoader) {
        return resolve(def, null, new DefinitionErrors("<java>"), classLoader);
    }

    private static ResolvedPipeline resolve(PipelineDef def, @Nullable ParsedPipeline parsed, DefinitionErrors errors,
            ClassLoader classLoader) {
        TransformRegistry registry = TransformRegistry.discover(classLoader);
        registry.problems().forEach(p -> errors.add(1, 1, "(classpath)", p, "each transform identifier and SQL function name once"));
        checkSourcesTogether(def, errors);
        Set<String> broken = parsed == null ? Set.of() : parsed.broken();
        ModelTranslator models = new ModelTranslator(registry, parsed, errors);
        if (!def.models().isEmpty() || broken.stream().anyMatch(b -> def.source(b).isEmpty())) {
            // A private environment that is only planned, never executed. Not createLocalEnvironment(): that is
            // refused inside `flink run` (a client context), where validation must work too.
            StreamExecutionEnvironment env = new StreamExecutionEnvironment(new org.apache.flink.configuration.Configuration());
            env.setParallelism(1);
            env.setRuntimeMode(def.runtime().mode());
            StreamTableEnvironment tEnv = tableEnvironment(env, def.runtime().mode());
            for (SourceDef s : def.sources()) {
                RecordSchema landed = BronzeSchemas.landed(s.dataset().schema());
                models.addInput(tEnv, s.name(), env.fromCollection(List.of(), landed.rowTypeInfo()), landed, s.dataset().allowedLateness());
            }
            models.translate(env, tEnv, datasets(def), def.models(), new HashSet<>(broken), null, null, "");
        } else {
            for (SourceDef s : def.sources()) {
                models.schemas().put(s.name(), BronzeSchemas.landed(s.dataset().schema()));
            }
        }
        errors.throwIfAny();
        return new ResolvedPipeline(def, models.schemas(), registry, parsed);
    }

    static Map<String, dev.tributary.jobs.definition.DatasetDef> datasets(PipelineDef def) {
        Map<String, dev.tributary.jobs.definition.DatasetDef> out = new java.util.LinkedHashMap<>();
        def.sources().forEach(s -> out.put(s.name(), s.dataset()));
        return out;
    }

    static StreamTableEnvironment tableEnvironment(StreamExecutionEnvironment env, RuntimeExecutionMode mode) {
        EnvironmentSettings settings = mode == RuntimeExecutionMode.BATCH
                ? EnvironmentSettings.inBatchMode() : EnvironmentSettings.inStreamingMode();
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env, settings);
        // Window bounds of TIMESTAMP_LTZ event time are computed in the session zone: the lake is UTC.
        tEnv.getConfig().setLocalTimeZone(java.time.ZoneOffset.UTC);
        return tEnv;
    }

    /** What each source factory says about all its sources together (e.g. generators that must share a seed). */
    private static void checkSourcesTogether(PipelineDef def, DefinitionErrors errors) {
        Map<String, Map<String, Map<String, String>>> byFactory = new java.util.LinkedHashMap<>();
        for (SourceDef s : def.sources()) {
            if (s.kind() == SourceKind.FACTORY) {
                byFactory.computeIfAbsent(s.kindIdentifier(), k -> new java.util.LinkedHashMap<>()).put(s.name(), s.options());
            }
        }
        Map<String, SourceFactory> factories = SourceFactories.all();
        byFactory.forEach((id, sources) -> {
            for (SourceFactory.Problem problem : factories.get(id).validateTogether(sources)) {
                errors.add(1, 1, "sources." + problem.at() + ".options", problem.found(), problem.expected());
            }
        });
    }
}
