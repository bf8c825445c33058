package dev.tributary.jobs.definition.yaml;

import org.apache.flink.annotation.Internal;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML text into {@link YamlNode}s, keeping the line and column of every node and key.
 *
 * <p>SnakeYAML's composer (not Jackson's token stream) is used because it resolves what YAML means rather
 * than what it spells: anchors and aliases ({@code path: *orders_path} is the anchored value, not the
 * text {@code orders_path}) and merge keys ({@code <<: *defaults}, explicit keys win). Expansion is
 * bounded ({@link #MAX_NODES} nodes after resolving aliases, {@link #MAX_DEPTH} levels), so an alias bomb
 * ("billion laughs") or a recursive alias is a located error, not an out-of-memory or a hang. A file
 * holds exactly one document; a second {@code ---} is refused at its line. Duplicate keys are reported
 * (a mapping would silently keep the last).
 */
@Internal
final class YamlTreeReader {
    /** Far above any real pipeline (the reference has about 400 nodes), far below a billion laughs. */
    static final int MAX_NODES = 100_000;
    /** Real definitions nest about 8 levels. */
    static final int MAX_DEPTH = 64;
    /** The largest text accepted, in code points (the reference is about 8,000). */
    static final int MAX_CODE_POINTS = 2 * 1024 * 1024;

    private final String text;
    private final DefinitionErrors errors;
    private int nodes;
    private boolean tooBig;

    YamlTreeReader(String text, DefinitionErrors errors) {
        this.text = text;
        this.errors = errors;
    }

    /** The document's root, or null after reporting why there is none. */
    @Nullable
    YamlNode read() {
        if (text.length() > MAX_CODE_POINTS) {
            int[] at = YamlProblems.position(text, MAX_CODE_POINTS);
            errors.add(at[0], at[1], "", "a file of more than " + MAX_CODE_POINTS + " characters",
                    "a pipeline definition of at most 2 MiB");
            return null;
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported below, with both lines
        options.setMaxAliasesForCollections(Integer.MAX_VALUE); // bounded by MAX_NODES, with a located error
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowRecursiveKeys(false);
        ParserImpl parser = new ParserImpl(new StreamReader(text), options);
        Composer composer = new Composer(parser, new Resolver(), options);
        Node root;
        try {
            if (!composer.checkNode()) {
                errors.add(1, 1, "", "an empty document", "a pipeline definition (a mapping with 'pipeline', 'sources', ...)");
                return null;
            }
            root = composer.getNode();
            if (parser.checkEvent(Event.ID.DocumentStart)) {
                Mark m = parser.peekEvent().getStartMark();
                errors.add(m.getLine() + 1, m.getColumn() + 1, "", "a second YAML document ('---')",
                        "one pipeline definition per file (remove the '---' or split the file)");
                return null;
            }
        } catch (MarkedYAMLException e) {
            YamlProblems.report(e, errors);
            return null;
        } catch (YAMLException e) {
            YamlProblems.report(e, text, errors);
            return null;
        }
        YamlNode tree = convert(root, "", 0, new IdentityHashMap<>());
        // After an alias bomb the tree is a stub: checking it would only add noise to the one real error.
        return tooBig ? null : tree;
    }

    /**
     * A YamlNode for {@code n}. {@code open} holds the nodes being converted (an alias to one of them is a
     * cycle); a node reached twice through aliases is converted twice, which is what aliases mean, and
     * counted against {@link #MAX_NODES} each time.
     */
    @Nullable
    private YamlNode convert(Node n, String path, int depth, IdentityHashMap<Node, Boolean> open) {
        int line = n.getStartMark().getLine() + 1;
        int col = n.getStartMark().getColumn() + 1;
        if (tooBig) {
            return YamlNode.scalar(line, col, null, false);
        }
        if (++nodes > MAX_NODES || depth > MAX_DEPTH) {
            tooBig = true;
            errors.add(line, col, path, depth > MAX_DEPTH ? "more than " + MAX_DEPTH + " levels of nesting"
                            : "more than " + MAX_NODES + " values after resolving aliases (anchors and aliases that multiply:"
                                    + " an alias bomb)",
                    "a definition of at most " + MAX_NODES + " values and " + MAX_DEPTH + " levels once aliases are expanded");
            return YamlNode.scalar(line, col, null, false);
        }
        if (open.containsKey(n)) {
            errors.add(line, col, path, "an alias that refers to a value containing itself",
                    "aliases (*name) to values that are complete where the alias is used");
            return YamlNode.scalar(line, col, null, false);
        }
        if (n instanceof ScalarNode) {
            return YamlNode.scalar(line, col, scalar((ScalarNode) n), isBlock((ScalarNode) n));
        }
        open.put(n, Boolean.TRUE);
        try {
            if (n instanceof SequenceNode) {
                List<YamlNode> items = new ArrayList<>();
                List<Node> values = ((SequenceNode) n).getValue();
                for (int i = 0; i < values.size() && !tooBig; i++) {
                    items.add(convert(values.get(i), path + "[" + i + "]", depth + 1, open));
                }
                return YamlNode.list(line, col, items);
            }
            return mapping((MappingNode) n, path, depth, open, line, col);
        } finally {
            open.remove(n);
        }
    }

    private YamlNode mapping(MappingNode n, String path, int depth, IdentityHashMap<Node, Boolean> open, int line, int col) {
        LinkedHashMap<String, YamlNode> entries = new LinkedHashMap<>();
        Map<String, int[]> keys = new HashMap<>();
        List<MappingNode> merges = new ArrayList<>();
        for (NodeTuple t : n.getValue()) {
            Node k = t.getKeyNode();
            Mark km = k.getStartMark();
            if (k.getTag().equals(Tag.MERGE)) {
                merges.addAll(mergeSources(t.getValueNode(), path));
                continue;
            }
            if (!(k instanceof ScalarNode)) {
                errors.add(km.getLine() + 1, km.getColumn() + 1, path, "a " + (k instanceof MappingNode ? "mapping" : "list")
                        + " used as a key", "keys that are plain names");
                continue;
            }
            String key = ((ScalarNode) k).getValue();
            String childPath = NodeReader.path(path, key);
            if (entries.containsKey(key)) {
                errors.add(km.getLine() + 1, km.getColumn() + 1, childPath, "a second '" + key + "' key",
                        "each key once (the first is at line " + keys.get(key)[0] + ")");
                continue;
            }
            entries.put(key, convert(t.getValueNode(), childPath, depth + 1, open));
            keys.put(key, new int[] {km.getLine() + 1, km.getColumn() + 1});
        }
        // YAML merge keys: keys written in this mapping win, then the merged mappings in the order listed.
        for (MappingNode source : merges) {
            for (NodeTuple t : source.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode && !t.getKeyNode().getTag().equals(Tag.MERGE)) {
                    String key = ((ScalarNode) t.getKeyNode()).getValue();
                    if (!entries.containsKey(key) && !tooBig) {
                        Mark km = t.getKeyNode().getStartMark();
                        entries.put(key, convert(t.getValueNode(), NodeReader.path(path, key), depth + 1, open));
                        keys.put(key, new int[] {km.getLine() + 1, km.getColumn() + 1});
                    }
                }
            }
        }
        return YamlNode.map(line, col, entries, keys);
    }

    /** What a {@code <<} key merges: a mapping or a list of mappings (nested merges resolved first). */
    private List<MappingNode> mergeSources(Node value, String path) {
        List<MappingNode> out = new ArrayList<>();
        List<Node> candidates = value instanceof SequenceNode ? ((SequenceNode) value).getValue() : List.of(value);
        for (Node c : candidates) {
            if (c instanceof MappingNode) {
                out.add(flattenMerges((MappingNode) c, 0));
            } else {
                errors.add(c.getStartMark().getLine() + 1, c.getStartMark().getColumn() + 1, NodeReader.path(path, "<<"),
                        c instanceof ScalarNode ? "'" + ((ScalarNode) c).getValue() + "'" : "a list inside a list",
                        "a mapping or a list of mappings to merge, like '<<: *defaults'");
            }
        }
        return out;
    }

    /** A merged mapping that has merge keys of its own: its effective entries, own keys first. */
    private MappingNode flattenMerges(MappingNode m, int depth) {
        boolean hasMerge = m.getValue().stream().anyMatch(t -> t.getKeyNode().getTag().equals(Tag.MERGE));
        if (!hasMerge || depth > MAX_DEPTH) {
            return m;
        }
        List<NodeTuple> own = new ArrayList<>();
        List<NodeTuple> merged = new ArrayList<>();
        for (NodeTuple t : m.getValue()) {
            if (!t.getKeyNode().getTag().equals(Tag.MERGE)) {
                own.add(t);
                continue;
            }
            Node v = t.getValueNode();
            for (Node c : v instanceof SequenceNode ? ((SequenceNode) v).getValue() : List.of(v)) {
                if (c instanceof MappingNode && c != m) {
                    merged.addAll(flattenMerges((MappingNode) c, depth + 1).getValue());
                }
            }
        }
        own.addAll(merged);
        return new MappingNode(m.getTag(), own, m.getFlowStyle());
    }

    /** The scalar as the definition reads it: Long, Double, Boolean, null or text (as YAML 1.1 resolves it). */
    @Nullable
    private static Object scalar(ScalarNode n) {
        String v = n.getValue();
        Tag tag = n.getTag();
        try {
            if (tag.equals(Tag.NULL)) {
                return null;
            }
            if (tag.equals(Tag.BOOL)) {
                return YamlProblems.bool(v);
            }
            if (tag.equals(Tag.INT)) {
                return YamlProblems.integer(v);
            }
            if (tag.equals(Tag.FLOAT)) {
                return YamlProblems.decimal(v);
            }
        } catch (NumberFormatException tooLargeOrOdd) {
            return v; // reported by whoever expects a number, as the text found
        }
        return v;
    }

    private static boolean isBlock(ScalarNode n) {
        return n.getScalarStyle() == DumperOptions.ScalarStyle.LITERAL || n.getScalarStyle() == DumperOptions.ScalarStyle.FOLDED;
    }
}
