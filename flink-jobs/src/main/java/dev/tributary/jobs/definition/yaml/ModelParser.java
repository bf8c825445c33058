package dev.tributary.jobs.definition.yaml;

import dev.tributary.jobs.definition.ModelDef;
import dev.tributary.jobs.definition.TransformDef;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.tributary.jobs.definition.yaml.NodeReader.path;
import static dev.tributary.jobs.definition.yaml.PipelineKeys.*;

/**
 * Parses {@code silver} and {@code gold} entries and sorts them by dependency: unknown inputs, a silver
 * model reading a gold mart, and cycles are errors.
 */
@Internal
final class ModelParser {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private final NodeReader r;
    private final DefinitionErrors errors;

    ModelParser(NodeReader reader) {
        this.r = reader;
        this.errors = reader.errors();
    }

    /** A parsed model before dependency checks. */
    static final class Draft {
        final ModelDef model;
        final YamlNode node;

        Draft(ModelDef model, YamlNode node) {
            this.model = model;
            this.node = node;
        }
    }

    @Nullable
    Draft parse(String name, ModelDef.Layer layer, YamlNode node) {
        String p = path(layer.key(), name);
        if (!NAME.matcher(name).matches()) {
            errors.atKey(node, name, p, "name '" + name + "'", "a lower-case name of letters, digits and '_' (it names a lake table)");
        }
        if (!r.mapWithKeys(node, p, MODEL_KEYS)) {
            return null;
        }
        YamlNode sqlNode = node.get(SQL);
        YamlNode tNode = node.get(TRANSFORM);
        YamlNode bNode = node.get(BLOCK);
        int kinds = (sqlNode != null ? 1 : 0) + (tNode != null ? 1 : 0) + (bNode != null ? 1 : 0);
        if (kinds != 1) {
            errors.at(node, p, kinds == 0 ? "neither 'sql', 'transform' nor 'block'" : "more than one of 'sql', 'transform', 'block'",
                    "exactly one of 'sql' (a Flink SQL query), 'transform' (a custom transform) or 'block' (a built-in block)");
            return null;
        }
        if (bNode == null) {
            for (String k : List.of(INPUTS, OPTIONS)) {
                if (node.get(k) != null) {
                    errors.atKey(node, k, path(p, k), "'" + k + "' on a " + (sqlNode != null ? "sql" : "transform") + " model",
                            "'" + k + "' only with 'block'" + (tNode != null ? " (a transform takes them under 'transform')" : ""));
                }
            }
        }
        if (bNode != null) {
            String id = r.string(bNode, path(p, BLOCK), "the identifier of a built-in block");
            YamlNode in = r.required(node, INPUTS, p, "a mapping of the block's input roles to tables");
            Map<String, String> inputs = r.options(in, path(p, INPUTS));
            Map<String, String> options = new LinkedHashMap<>();
            YamlNode o = node.get(OPTIONS);
            if (o != null && !o.isNull() && !o.isMap()) {
                errors.at(o, path(p, OPTIONS), o.describe(), "a mapping of option names to values");
            } else if (o != null && o.isMap()) {
                flatten(o, "", path(p, OPTIONS), options);
            }
            if (id == null || in == null) {
                return null;
            }
            return new Draft(new ModelDef(name, layer, null, null, new dev.tributary.jobs.definition.BlockDef(id, inputs, options),
                    r.optString(node, PARTITION_BY, p, "a TIMESTAMP column"), new ArrayList<>(new java.util.LinkedHashSet<>(inputs.values()))), node);
        }
        String partitionBy = r.optString(node, PARTITION_BY, p, "the name of a TIMESTAMP column of the result");
        if (sqlNode != null) {
            String sql = r.string(sqlNode, path(p, SQL), "a Flink SQL query (SELECT ...)");
            if (sql == null) {
                return null;
            }
            return new Draft(new ModelDef(name, layer, sql.strip(), null, partitionBy, SqlReferences.tables(sql)), node);
        }
        String tp = path(p, TRANSFORM);
        if (!r.mapWithKeys(tNode, tp, TRANSFORM_KEYS)) {
            return null;
        }
        String id = r.requiredString(tNode, IDENTIFIER, tp, "the identifier of a transform factory");
        String input = r.requiredString(tNode, INPUT, tp, "the name of a source or model");
        Map<String, String> options = r.options(tNode.get(OPTIONS), path(tp, OPTIONS));
        if (id == null || input == null) {
            return null;
        }
        return new Draft(new ModelDef(name, layer, null, new TransformDef(id, input, options), partitionBy, List.of(input)), node);
    }

    /**
     * Block options: nested mappings become dotted keys ({@code aggregates.paid.function}), a list of values
     * becomes one {@code ;}-separated value (Flink's list syntax), in declaration order.
     */
    private void flatten(YamlNode map, String prefix, String path, Map<String, String> out) {
        for (Map.Entry<String, YamlNode> e : map.entries().entrySet()) {
            YamlNode v = e.getValue();
            String key = prefix + e.getKey();
            String p = path(path, e.getKey());
            if (v.isMap()) {
                flatten(v, key + ".", p, out);
            } else if (v.isList()) {
                List<String> items = new ArrayList<>();
                for (YamlNode item : v.items()) {
                    if (!item.isScalar() || item.value() == null) {
                        errors.at(item, p, item.describe(), "a list of single values");
                        continue;
                    }
                    String s = r.substitute(String.valueOf(item.value()), item, p);
                    if (s != null) {
                        items.add(s);
                    }
                }
                out.put(key, String.join(";", items));
            } else if (v.isScalar() && v.value() != null) {
                String s = r.substitute(String.valueOf(v.value()), v, p);
                if (s != null) {
                    out.put(key, s);
                }
            } else {
                errors.at(v, p, v.describe(), "a value, a list of values or a mapping");
            }
        }
    }

    /**
     * Checks inputs and sorts models so each comes after its inputs. Returns the ordered models; those
     * in a cycle or with unknown inputs are reported and left out.
     */
    List<ModelDef> order(List<Draft> drafts, Set<String> sources, Set<String> brokenNames) {
        Map<String, Draft> byName = new LinkedHashMap<>();
        drafts.forEach(d -> byName.put(d.model.name(), d));
        List<String> known = new ArrayList<>(sources);
        known.addAll(byName.keySet());
        known.addAll(brokenNames);
        Set<String> bad = new java.util.HashSet<>();
        for (Draft d : drafts) {
            String p = path(d.model.layer().key(), d.model.name());
            for (String in : d.model.inputs()) {
                Draft dep = byName.get(in);
                if ((d.model.transform() != null || d.model.block() != null) && !known.contains(in)) {
                    YamlNode at = d.model.transform() != null ? d.node.get(TRANSFORM).get(INPUT) : d.node.get(INPUTS);
                    errors.at(at, path(p, d.model.transform() != null ? TRANSFORM + "." + INPUT : INPUTS),
                            "input '" + in + "', which is not a source or model",
                            "one of " + new java.util.TreeSet<>(known) + Suggestions.didYouMean(in, known));
                    bad.add(d.model.name());
                } else if (dep != null && d.model.layer() == ModelDef.Layer.SILVER && dep.model.layer() == ModelDef.Layer.GOLD) {
                    errors.at(d.node.get(SQL) != null ? d.node.get(SQL) : d.node, p, "silver model reading gold mart '" + in + "'",
                            "silver models to read only sources and other silver models (gold is built from silver)");
                    bad.add(d.model.name());
                }
            }
        }
        // Depth-first search; a back edge is a cycle, reported once with its path.
        List<ModelDef> ordered = new ArrayList<>();
        Map<String, Integer> state = new LinkedHashMap<>(); // 1 visiting, 2 done
        for (Draft d : drafts) {
            visit(d.model.name(), byName, state, new ArrayList<>(), ordered, bad);
        }
        ordered.removeIf(m -> bad.contains(m.name()));
        return ordered;
    }

    private void visit(String name, Map<String, Draft> byName, Map<String, Integer> state, List<String> stack,
            List<ModelDef> ordered, Set<String> bad) {
        Integer s = state.get(name);
        if (s != null && s == 2) {
            return;
        }
        Draft d = byName.get(name);
        if (s != null && s == 1) {
            List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(name), stack.size()));
            cycle.add(name);
            bad.addAll(cycle);
            errors.at(d.node, path(d.model.layer().key(), name), "a dependency cycle " + String.join(" -> ", cycle),
                    "models that do not depend on themselves (directly or through other models)");
            return;
        }
        state.put(name, 1);
        stack.add(name);
        for (String in : d.model.inputs()) {
            if (byName.containsKey(in) && !in.equals(name)) {
                visit(in, byName, state, stack, ordered, bad);
                if (bad.contains(in)) {
                    bad.add(name);
                }
            } else if (in.equals(name)) {
                bad.add(name);
                errors.at(d.node, path(d.model.layer().key(), name), "a model that reads itself ('" + name + "')",
                        "models that do not depend on themselves (directly or through other models)");
            }
        }
        stack.remove(stack.size() - 1);
        state.put(name, 2);
        ordered.add(d.model);
    }
}
