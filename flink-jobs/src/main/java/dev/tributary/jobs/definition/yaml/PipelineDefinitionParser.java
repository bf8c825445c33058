package dev.tributary.jobs.definition.yaml;

import dev.tributary.jobs.definition.LakeDef;
import dev.tributary.jobs.definition.ModelDef;
import dev.tributary.jobs.definition.PipelineDef;
import dev.tributary.jobs.definition.Secrets;
import dev.tributary.jobs.definition.RuntimeDef;
import dev.tributary.jobs.definition.SourceDef;
import dev.tributary.jobs.definition.SourceFactories;
import dev.tributary.jobs.definition.SourceKind;
import dev.tributary.jobs.definition.SyncGroupDef;
import dev.tributary.jobs.lake.LakeFormat;
import dev.tributary.jobs.lake.iceberg.IcebergCatalog;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.MemorySize;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.tributary.jobs.definition.yaml.NodeReader.path;
import static dev.tributary.jobs.definition.yaml.PipelineKeys.*;

/**
 * Reads a pipeline definition (YAML) into a {@link PipelineDef}. Every problem is collected, with the
 * file, line, column and field path, what was found and what was expected; unknown keys are refused with
 * the allowed keys and a "did you mean". {@code ${NAME}} / {@code ${NAME:-default}} in connection options
 * and the lake root are taken from the environment given.
 *
 * <p>This checks the structure and everything that can be checked without Flink's planner; {@link
 * dev.tributary.jobs.compose.PipelineLoader} adds the SQL and transform checks.
 */
@PublicEvolving
public final class PipelineDefinitionParser {

    private PipelineDefinitionParser() {}

    /**
     * Parses and checks a definition.
     *
     * @throws DefinitionException listing every problem
     */
    public static PipelineDef parse(String yaml, String file, Map<String, String> env) {
        ParsedPipeline parsed = read(yaml, file, env);
        parsed.errors().throwIfAny();
        return parsed.def();
    }

    /**
     * Parses as far as possible, collecting problems instead of throwing. For the composer, which adds
     * its own located problems before reporting all of them; users call {@link #parse}.
     */
    @Internal
    public static ParsedPipeline read(String yaml, String file, Map<String, String> env) {
        DefinitionErrors errors = new DefinitionErrors(file);
        YamlNode root = new YamlTreeReader(yaml, errors).read();
        NodeReader r = new NodeReader(errors, env);
        PipelineDef empty = new PipelineDef("invalid", List.of(), List.of(), List.of(),
                new LakeDef("lake", 0, MemorySize.ZERO), RuntimeDef.defaults());
        if (root == null) {
            return new ParsedPipeline(empty, errors, Map.of(), Map.of(), Set.of(), r.environmentValues());
        }
        if (!r.mapWithKeys(root, "", TOP)) {
            return new ParsedPipeline(empty, errors, Map.of(), Map.of(), Set.of(), r.environmentValues());
        }
        String name = "pipeline";
        YamlNode pipeline = r.required(root, PIPELINE, "", "a '" + PIPELINE + "' mapping with '" + NAME + "'");
        if (pipeline != null && r.mapWithKeys(pipeline, PIPELINE, PIPELINE_KEYS)) {
            String n = r.requiredString(pipeline, NAME, PIPELINE, "the pipeline's name");
            name = n == null ? name : n;
        }
        RuntimeDef runtime = runtime(root.get(RUNTIME), r);
        LakeDef lake = lake(r.required(root, LAKE, "", "a '" + LAKE + "' mapping with '" + ROOT + "'"), r);

        Set<String> broken = new LinkedHashSet<>();
        YamlNode sourcesNode = r.required(root, SOURCES, "", "a '" + SOURCES + "' mapping of at least one source by name");
        Map<String, String> groupOf = new LinkedHashMap<>();
        List<SyncGroupDef> groups = syncGroups(root.get(SYNC_GROUPS), sourcesNode, r, groupOf);
        List<SourceDef> sources = new ArrayList<>();
        if (r.isNamedMap(sourcesNode, SOURCES, "sources")) {
            if (sourcesNode.entries().isEmpty()) {
                errors.at(sourcesNode, SOURCES, "no sources", "at least one source");
            }
            SourceParser sp = new SourceParser(r);
            for (Map.Entry<String, YamlNode> e : sourcesNode.entries().entrySet()) {
                String g = groupOf.get(e.getKey());
                SourceDef s = sp.parse(e.getKey(), e.getValue(),
                        groups.stream().filter(x -> x.name().equals(g)).findFirst().orElse(null));
                checkReferences(e.getKey(), e.getValue(), sourcesNode, errors);
                if (s == null) {
                    broken.add(e.getKey());
                } else {
                    sources.add(s);
                    checkMode(s, e.getValue(), runtime, errors);
                }
            }
        }

        ModelParser mp = new ModelParser(r);
        List<ModelParser.Draft> drafts = new ArrayList<>();
        Map<String, YamlNode> modelNodes = new LinkedHashMap<>();
        Set<String> sourceNames = sourcesNode != null && sourcesNode.isMap() ? sourcesNode.entries().keySet() : Set.of();
        for (ModelDef.Layer layer : ModelDef.Layer.values()) {
            YamlNode layerNode = root.get(layer.key());
            if (!r.isNamedMap(layerNode, layer.key(), layer == ModelDef.Layer.SILVER ? "silver models" : "gold marts")) {
                continue;
            }
            for (Map.Entry<String, YamlNode> e : layerNode.entries().entrySet()) {
                String m = e.getKey();
                if (sourceNames.contains(m) || modelNodes.containsKey(m)) {
                    errors.atKey(layerNode, m, path(layer.key(), m), "a second table named '" + m + "'",
                            "names unique across sources, silver models and gold marts");
                    broken.add(m);
                    continue;
                }
                modelNodes.put(m, e.getValue());
                ModelParser.Draft d = mp.parse(m, layer, e.getValue());
                if (d == null) {
                    broken.add(m);
                } else {
                    drafts.add(d);
                }
            }
        }
        Set<String> okSources = new LinkedHashSet<>();
        sources.forEach(s -> okSources.add(s.name()));
        List<ModelDef> ordered = mp.order(drafts, okSources, broken);
        for (ModelParser.Draft d : drafts) {
            if (!ordered.contains(d.model)) {
                broken.add(d.model.name());
            }
        }
        PipelineDef def = new PipelineDef(name, sources, groups, ordered, lake, runtime);
        Map<String, YamlNode> sourceNodes = sourcesNode != null && sourcesNode.isMap() ? sourcesNode.entries() : Map.of();
        return new ParsedPipeline(def, errors, sourceNodes, modelNodes, broken, r.environmentValues());
    }

    private static RuntimeDef runtime(YamlNode n, NodeReader r) {
        RuntimeDef d = RuntimeDef.defaults();
        if (n == null || !r.mapWithKeys(n, RUNTIME, RUNTIME_KEYS)) {
            return d;
        }
        RuntimeExecutionMode mode = d.mode();
        String m = r.optString(n, MODE, RUNTIME, "streaming or batch");
        if (m != null) {
            if (m.equalsIgnoreCase("streaming") || m.equalsIgnoreCase("batch")) {
                mode = RuntimeExecutionMode.valueOf(m.toUpperCase(Locale.ROOT));
            } else {
                r.errors().at(n.get(MODE), path(RUNTIME, MODE), "'" + m + "'",
                        "streaming or batch" + Suggestions.didYouMean(m, List.of("streaming", "batch")));
            }
        }
        Duration cp = r.duration(n, CHECKPOINT_INTERVAL, RUNTIME, d.checkpointInterval());
        if (n.get(CHECKPOINT_INTERVAL) != null && cp.toMillis() < 10) {
            r.errors().at(n.get(CHECKPOINT_INTERVAL), path(RUNTIME, CHECKPOINT_INTERVAL), Durations.format(cp),
                    "at least 10 ms (Flink's minimum checkpoint interval)");
        }
        int parallelism = r.integer(n, PARALLELISM, RUNTIME, 0, ValueChecks.MIN_PARALLELISM, ValueChecks.MAX_PARALLELISM);
        String state = r.optString(n, STATE, RUNTIME, ValueChecks.LAKE_ROOT_EXPECTED);
        if (state != null) {
            state = r.substitute(state, n.get(STATE), path(RUNTIME, STATE));
        }
        return new RuntimeDef(mode, cp, parallelism, state);
    }

    private static LakeDef lake(YamlNode n, NodeReader r) {
        LakeDef fallback = new LakeDef("lake", 0, MemorySize.ZERO);
        if (n == null || !r.mapWithKeys(n, LAKE, LAKE_KEYS)) {
            return fallback;
        }
        String root = r.requiredString(n, ROOT, LAKE, ValueChecks.LAKE_ROOT_EXPECTED);
        if (root != null) {
            root = r.substitute(root, n.get(ROOT), path(LAKE, ROOT));
        }
        String problem = root == null ? null : ValueChecks.lakeRootProblem(root);
        if (problem != null) {
            r.errors().at(n.get(ROOT), path(LAKE, ROOT), "'" + Secrets.maskValues(root, r.environmentValues()) + "'", problem);
        }
        int every = 0;
        MemorySize smaller = MemorySize.parse("64 mb");
        YamlNode c = n.get(COMPACTION);
        if (c != null && r.mapWithKeys(c, path(LAKE, COMPACTION), COMPACTION_KEYS)) {
            every = r.integer(c, EVERY_CHECKPOINTS, path(LAKE, COMPACTION), 10, 1, 100_000);
            smaller = r.memory(c, SMALLER_THAN, path(LAKE, COMPACTION), smaller);
        }
        LakeDef lake = new LakeDef(root == null ? fallback.root() : root, every, smaller);
        LakeFormat format = format(n, r);
        String namespace = r.optString(n, NAMESPACE, LAKE, "a namespace: names of letters, digits and '_', dot-separated");
        if (namespace != null && !namespace.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*")) {
            r.errors().at(n.get(NAMESPACE), path(LAKE, NAMESPACE), "'" + namespace + "'",
                    "a namespace: names of letters, digits and '_', dot-separated (e.g. analytics or analytics.shop)");
        }
        if (format != LakeFormat.ICEBERG) {
            for (String key : List.of(CATALOG, NAMESPACE)) {
                if (n.get(key) != null) {
                    r.errors().atKey(n, key, path(LAKE, key), "'" + key + "' in a " + format.key() + " lake",
                            "'" + FORMAT + ": iceberg' (catalog and namespace only apply to Iceberg tables)");
                }
            }
            return lake;
        }
        if (c != null) {
            r.errors().atKey(n, COMPACTION, path(LAKE, COMPACTION), "'" + COMPACTION + "' in an iceberg lake",
                    "no compaction key (an Iceberg lake compacts with 'tributary maintain': rewrite-data-files)");
        }
        return lake.withIceberg(catalog(n.get(CATALOG), r), namespace);
    }

    private static LakeFormat format(YamlNode n, NodeReader r) {
        String expected = "parquet or iceberg";
        String text = r.optString(n, FORMAT, LAKE, expected);
        if (text == null) {
            return LakeFormat.PARQUET;
        }
        try {
            return LakeFormat.parse(text);
        } catch (IllegalArgumentException e) {
            r.errors().at(n.get(FORMAT), path(LAKE, FORMAT), "'" + text + "'", expected);
            return LakeFormat.PARQUET;
        }
    }

    /** {@code lake.catalog}: type (hadoop, jdbc, rest; default hadoop), warehouse, uri, properties, hadoop. */
    private static IcebergCatalog catalog(YamlNode n, NodeReader r) {
        String at = path(LAKE, CATALOG);
        if (n == null || !r.mapWithKeys(n, at, CATALOG_KEYS)) {
            return IcebergCatalog.hadoopInLakeRoot();
        }
        String typeExpected = "hadoop, jdbc or rest";
        String typeText = r.optString(n, CATALOG_TYPE, at, typeExpected);
        IcebergCatalog.Type type = IcebergCatalog.Type.HADOOP;
        if (typeText != null) {
            try {
                type = IcebergCatalog.Type.parse(typeText);
            } catch (IllegalArgumentException e) {
                r.errors().at(n.get(CATALOG_TYPE), path(at, CATALOG_TYPE), "'" + typeText + "'", typeExpected);
            }
        }
        IcebergCatalog.Builder b = IcebergCatalog.builder(type);
        String warehouse = r.optString(n, WAREHOUSE, at, "a location: a local path, file:///path or s3a://bucket/prefix");
        if (warehouse != null) {
            warehouse = r.substitute(warehouse, n.get(WAREHOUSE), path(at, WAREHOUSE));
        }
        if (warehouse != null) {
            b.warehouse(warehouse);
        }
        String uriExpected = type == IcebergCatalog.Type.JDBC ? "the catalog database's JDBC URL (jdbc:postgresql://host:port/db)"
                : type == IcebergCatalog.Type.REST ? "the REST catalog's endpoint (http(s)://host:port/path)"
                : "no uri (a hadoop catalog keeps its metadata in the warehouse)";
        String uri = type == IcebergCatalog.Type.HADOOP ? null : r.requiredString(n, URI, at, uriExpected);
        if (type == IcebergCatalog.Type.HADOOP && n.get(URI) != null) {
            r.errors().atKey(n, URI, path(at, URI), "a uri for a hadoop catalog", uriExpected);
        }
        if (uri != null) {
            uri = r.substitute(uri, n.get(URI), path(at, URI));
        }
        if (uri != null) {
            b.uri(uri);
        } else if (type != IcebergCatalog.Type.HADOOP) {
            b.uri("unset");  // reported above; keeps build() from throwing over an error already listed
        }
        Map<String, String> props = r.options(n.get(PROPERTIES), path(at, PROPERTIES));
        for (String reserved : List.of("warehouse", "uri")) {
            if (props.remove(reserved) != null) {
                r.errors().atKey(n.get(PROPERTIES), reserved, path(path(at, PROPERTIES), reserved),
                        "'" + reserved + "' as a catalog property", "'" + path(at, reserved) + "' instead");
            }
        }
        return b.properties(props).hadoop(r.options(n.get(HADOOP), path(at, HADOOP))).build();
    }

    private static List<SyncGroupDef> syncGroups(YamlNode n, YamlNode sources, NodeReader r, Map<String, String> groupOf) {
        List<SyncGroupDef> out = new ArrayList<>();
        if (!r.isNamedMap(n, SYNC_GROUPS, "sync groups")) {
            return out;
        }
        Set<String> sourceNames = sources != null && sources.isMap() ? sources.entries().keySet() : Set.of();
        for (Map.Entry<String, YamlNode> e : n.entries().entrySet()) {
            String p = path(SYNC_GROUPS, e.getKey());
            YamlNode g = e.getValue();
            if (!r.mapWithKeys(g, p, SYNC_GROUP_KEYS)) {
                continue;
            }
            String expected = "a list of two or more source names";
            List<String> members = r.stringList(r.required(g, MEMBERS, p, expected), path(p, MEMBERS), expected);
            Duration drift = r.duration(g, MAX_DRIFT, p, Duration.ofMinutes(1));
            Duration update = r.duration(g, UPDATE_INTERVAL, p, Duration.ofSeconds(1));
            if (members == null) {
                continue;
            }
            if (members.size() < 2) {
                r.errors().at(g.get(MEMBERS), path(p, MEMBERS), members.size() + " member", expected + " (one source has nothing to sync with)");
            }
            YamlNode mNode = g.get(MEMBERS);
            for (int i = 0; i < members.size(); i++) {
                String m = members.get(i);
                YamlNode at = mNode.isList() ? mNode.items().get(i) : mNode;
                if (!sourceNames.contains(m)) {
                    r.errors().at(at, path(p, MEMBERS) + "[" + i + "]", "'" + m + "', which is not a source",
                            "one of the sources " + new TreeSet<>(sourceNames) + Suggestions.didYouMean(m, sourceNames));
                } else if (groupOf.containsKey(m)) {
                    r.errors().at(at, path(p, MEMBERS) + "[" + i + "]", "source '" + m + "' already in sync group '" + groupOf.get(m) + "'",
                            "each source in at most one sync group");
                } else {
                    groupOf.put(m, e.getKey());
                }
            }
            out.add(new SyncGroupDef(e.getKey(), drift, update, members));
        }
        return out;
    }

    /** A referential rule's parent must be a source declared before the child (bronze wires parents first). */
    private static void checkReferences(String name, YamlNode source, YamlNode sources, DefinitionErrors errors) {
        YamlNode bronze = source.isMap() ? source.get(BRONZE) : null;
        YamlNode quality = bronze != null && bronze.isMap() ? bronze.get(QUALITY) : null;
        YamlNode rules = quality != null && quality.isMap() ? quality.get(RULES) : null;
        if (rules == null || !rules.isList()) {
            return;
        }
        List<String> before = new ArrayList<>();
        for (String s : sources.entries().keySet()) {
            if (s.equals(name)) {
                break;
            }
            before.add(s);
        }
        for (int i = 0; i < rules.items().size(); i++) {
            YamlNode ref = rules.items().get(i).isMap() ? rules.items().get(i).get("reference-dataset") : null;
            if (ref == null || !(ref.value() instanceof String) || before.contains(ref.value())) {
                continue;
            }
            String r = (String) ref.value();
            errors.at(ref, path(path(SOURCES, name), BRONZE + "." + QUALITY + "." + RULES + "[" + i + "].reference-dataset"),
                    "'" + r + "'" + (sources.entries().containsKey(r) ? ", which is declared after '" + name + "'" : ", which is not a source"),
                    "a source declared before '" + name + "': one of " + before + Suggestions.didYouMean(r, before));
        }
    }

    private static void checkMode(SourceDef s, YamlNode node, RuntimeDef runtime, DefinitionErrors errors) {
        if (runtime.mode() == RuntimeExecutionMode.BATCH
                && (s.kind() == SourceKind.POSTGRES_CDC
                        || (s.kind() == SourceKind.KAFKA && !"true".equals(s.options().get("bounded")))
                        || (s.kind() == SourceKind.FACTORY && !SourceFactories.of(s).isBounded(s.options())))) {
            errors.at(node.get(KIND), path(path(SOURCES, s.name()), KIND),
                    "an unbounded " + s.kindIdentifier() + " source in a batch pipeline",
                    "bounded sources in runtime mode batch (files, kafka with 'bounded: true', or a plug-in source that ends),"
                            + " or runtime mode streaming");
        }
    }
}
