package dev.tributary.jobs.definition;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * A whole pipeline: sources (each feeding one bronze dataset), sync groups, silver models and gold
 * marts in dependency order, the lake, and the runtime. Parsed from YAML by {@link
 * dev.tributary.jobs.definition.yaml.PipelineDefinitionParser} or built in Java; turned into a Flink job
 * by {@link dev.tributary.jobs.compose.PipelineComposer}.
 */
@PublicEvolving
public final class PipelineDef implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final List<SourceDef> sources;
    private final List<SyncGroupDef> syncGroups;
    private final List<ModelDef> models;
    private final LakeDef lake;
    private final RuntimeDef runtime;

    public PipelineDef(String name, List<SourceDef> sources, List<SyncGroupDef> syncGroups, List<ModelDef> models,
            LakeDef lake, RuntimeDef runtime) {
        this.name = checkNotNull(name, "name");
        this.sources = List.copyOf(sources);
        this.syncGroups = List.copyOf(syncGroups);
        this.models = List.copyOf(models);
        this.lake = checkNotNull(lake, "lake");
        this.runtime = checkNotNull(runtime, "runtime");
    }

    public String name() {
        return name;
    }

    public List<SourceDef> sources() {
        return sources;
    }

    public Optional<SourceDef> source(String dataset) {
        return sources.stream().filter(s -> s.name().equals(dataset)).findFirst();
    }

    public List<SyncGroupDef> syncGroups() {
        return syncGroups;
    }

    /** Silver models and gold marts, ordered so that every model comes after its inputs. */
    public List<ModelDef> models() {
        return models;
    }

    public List<ModelDef> models(ModelDef.Layer layer) {
        return models.stream().filter(m -> m.layer() == layer).collect(Collectors.toList());
    }

    public LakeDef lake() {
        return lake;
    }

    public RuntimeDef runtime() {
        return runtime;
    }

    public PipelineDef withLake(LakeDef newLake) {
        return new PipelineDef(name, sources, syncGroups, models, newLake, runtime);
    }

    public PipelineDef withRuntime(RuntimeDef newRuntime) {
        return new PipelineDef(name, sources, syncGroups, models, lake, newRuntime);
    }

    public PipelineDef withSources(List<SourceDef> newSources) {
        return new PipelineDef(name, newSources, syncGroups, models, lake, runtime);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PipelineDef)) {
            return false;
        }
        PipelineDef p = (PipelineDef) o;
        return name.equals(p.name) && sources.equals(p.sources) && syncGroups.equals(p.syncGroups)
                && models.equals(p.models) && lake.equals(p.lake) && runtime.equals(p.runtime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, sources, syncGroups, models, lake, runtime);
    }

    @Override
    public String toString() {
        return "PipelineDef{" + name + ", sources=" + sources + ", syncGroups=" + syncGroups + ", models=" + models
                + ", " + lake + ", " + runtime + "}";
    }
}
