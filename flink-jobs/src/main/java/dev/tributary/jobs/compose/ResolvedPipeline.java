package dev.tributary.jobs.compose;

import dev.tributary.jobs.definition.PipelineDef;
import dev.tributary.jobs.definition.SourceDef;
import dev.tributary.jobs.definition.yaml.DefinitionErrors;
import dev.tributary.jobs.definition.yaml.ParsedPipeline;
import dev.tributary.jobs.definition.yaml.PipelineKeys;
import dev.tributary.jobs.definition.yaml.YamlNode;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;

import javax.annotation.Nullable;

import java.util.Map;

/**
 * A validated pipeline: the definition, the lake schema of every table (bronze datasets, then models in
 * dependency order, as the planner resolved them) and the transforms and SQL functions on the classpath.
 * Obtained from {@link PipelineLoader}; run with {@link PipelineComposer}; printed by {@link PlanPrinter}.
 */
@PublicEvolving
public final class ResolvedPipeline {
    private final PipelineDef def;
    private final Map<String, RecordSchema> schemas;
    private final TransformRegistry registry;
    @Nullable private final ParsedPipeline parsed;

    ResolvedPipeline(PipelineDef def, Map<String, RecordSchema> schemas, TransformRegistry registry,
            @Nullable ParsedPipeline parsed) {
        this.def = def;
        this.schemas = Map.copyOf(schemas);
        this.registry = registry;
        this.parsed = parsed;
    }

    public PipelineDef def() {
        return def;
    }

    /** Lake schema of each table by name. */
    public Map<String, RecordSchema> schemas() {
        return schemas;
    }

    /** The pipeline's transforms and SQL functions (the composer's; not API). */
    TransformRegistry registry() {
        return registry;
    }

    /** Values resolved from {@code ${ENV}} in the definition: secrets, masked in explain and messages. */
    public java.util.Set<String> secretValues() {
        return parsed == null ? java.util.Set.of() : parsed.secretValues();
    }

    @Nullable
    ParsedPipeline parsed() {
        return parsed;
    }

    /**
     * Fails, located at each source's {@code bronze.pii}, when a source declares PII columns: called when no PII key
     * is given (only hashing PII columns uses the key, so a pipeline without PII runs without one).
     *
     * @param keyHint where the key comes from, for the message (e.g. the environment variable)
     * @throws dev.tributary.jobs.definition.yaml.DefinitionException naming file, line, field and what to set
     */
    public void requirePiiKey(String keyHint) {
        DefinitionErrors errors = new DefinitionErrors(parsed == null ? "<java>" : parsed.errors().file());
        for (SourceDef s : def.sources()) {
            if (s.dataset().pii().isEmpty()) {
                continue;
            }
            String path = PipelineKeys.SOURCES + "." + s.name() + "." + PipelineKeys.BRONZE + "." + PipelineKeys.PII;
            String found = "PII columns " + s.dataset().pii().columns().keySet() + " and no PII key";
            String expected = "a PII key to protect them: " + keyHint;
            YamlNode node = parsed == null ? null : parsed.sourceNodes().get(s.name());
            YamlNode bronze = node == null || !node.isMap() ? null : node.get(PipelineKeys.BRONZE);
            YamlNode pii = bronze == null || !bronze.isMap() ? null : bronze.get(PipelineKeys.PII);
            if (pii != null) {
                errors.at(pii, path, found, expected);
            } else {
                errors.add(0, 0, path, found, expected);
            }
        }
        errors.throwIfAny();
    }

    /** The same pipeline with a changed definition that keeps tables and models (lake root, runtime, options). */
    public ResolvedPipeline withDef(PipelineDef changed) {
        return new ResolvedPipeline(changed, schemas, registry, parsed);
    }
}
