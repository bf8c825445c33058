package dev.tributary.jobs.definition.yaml;

import dev.tributary.jobs.definition.PipelineDef;

import org.apache.flink.annotation.Internal;

import java.util.Map;
import java.util.Set;

/**
 * The result of reading a definition: the pipeline as far as it could be built, every problem found so
 * far, and the nodes later checks (SQL, transforms) need to report located errors. Sources and models
 * that could not be built are listed in {@link #broken()} so later checks do not cascade errors on them.
 */
@Internal
public final class ParsedPipeline {
    private final PipelineDef def;
    private final DefinitionErrors errors;
    private final Map<String, YamlNode> modelNodes;
    private final Map<String, YamlNode> sourceNodes;
    private final Set<String> broken;
    private final Set<String> secretValues;

    ParsedPipeline(PipelineDef def, DefinitionErrors errors, Map<String, YamlNode> sourceNodes, Map<String, YamlNode> modelNodes,
            Set<String> broken, Set<String> secretValues) {
        this.def = def;
        this.errors = errors;
        this.sourceNodes = sourceNodes;
        this.modelNodes = modelNodes;
        this.broken = broken;
        this.secretValues = Set.copyOf(secretValues);
    }

    /** Values resolved from {@code ${ENV}}: shown masked wherever they appear (explain, messages). */
    public Set<String> secretValues() {
        return secretValues;
    }

    public PipelineDef def() {
        return def;
    }

    public DefinitionErrors errors() {
        return errors;
    }

    /** The mapping node of each source, by name. */
    public Map<String, YamlNode> sourceNodes() {
        return sourceNodes;
    }

    /** The mapping node of each silver model / gold mart, by name. */
    public Map<String, YamlNode> modelNodes() {
        return modelNodes;
    }

    /** Names of sources and models that had errors (and are missing from, or partial in, {@link #def()}). */
    public Set<String> broken() {
        return broken;
    }
}
