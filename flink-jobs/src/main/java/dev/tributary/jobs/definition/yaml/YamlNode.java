package dev.tributary.jobs.definition.yaml;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML node with its position: a mapping, a sequence or a scalar (String, Long, Double, Boolean or
 * null). Mapping keys keep their own positions so errors about a key point at the key.
 */
@Internal
public final class YamlNode {

    /** What a node is. */
    public enum Kind {
        MAP,
        LIST,
        SCALAR
    }

    private final Kind kind;
    private final int line;
    private final int column;
    @Nullable private final Object scalar;
    /** True for block scalars ({@code |} or {@code >}), whose text starts on the next line. */
    private final boolean block;
    private final Map<String, YamlNode> entries;
    private final Map<String, int[]> keyPositions;
    private final List<YamlNode> items;

    private YamlNode(Kind kind, int line, int column, @Nullable Object scalar, boolean block,
            Map<String, YamlNode> entries, Map<String, int[]> keyPositions, List<YamlNode> items) {
        this.kind = kind;
        this.line = line;
        this.column = column;
        this.scalar = scalar;
        this.block = block;
        this.entries = entries;
        this.keyPositions = keyPositions;
        this.items = items;
    }

    static YamlNode scalar(int line, int column, @Nullable Object value, boolean block) {
        return new YamlNode(Kind.SCALAR, line, column, value, block, Map.of(), Map.of(), List.of());
    }

    static YamlNode map(int line, int column, LinkedHashMap<String, YamlNode> entries, Map<String, int[]> keys) {
        return new YamlNode(Kind.MAP, line, column, null, false, entries, keys, List.of());
    }

    static YamlNode list(int line, int column, List<YamlNode> items) {
        return new YamlNode(Kind.LIST, line, column, null, false, Map.of(), Map.of(), items);
    }

    public Kind kind() {
        return kind;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public boolean isMap() {
        return kind == Kind.MAP;
    }

    public boolean isList() {
        return kind == Kind.LIST;
    }

    public boolean isScalar() {
        return kind == Kind.SCALAR;
    }

    public boolean isNull() {
        return kind == Kind.SCALAR && scalar == null;
    }

    public boolean isBlockScalar() {
        return block;
    }

    @Nullable
    public Object value() {
        return scalar;
    }

    public Map<String, YamlNode> entries() {
        return entries;
    }

    @Nullable
    public YamlNode get(String key) {
        return entries.get(key);
    }

    /** Line and column of a key of this mapping; the mapping's own position when absent. */
    public int[] keyPosition(String key) {
        return keyPositions.getOrDefault(key, new int[] {line, column});
    }

    public List<YamlNode> items() {
        return items;
    }

    /** How the node is described in "found ..." messages. */
    public String describe() {
        switch (kind) {
            case MAP:
                return "a mapping";
            case LIST:
                return "a list";
            default:
                if (scalar == null) {
                    return "nothing (null)";
                }
                if (scalar instanceof String) {
                    String s = (String) scalar;
                    return "'" + (s.length() > 60 ? s.substring(0, 57) + "..." : s) + "'";
                }
                return (scalar instanceof Boolean ? "boolean " : "number ") + scalar;
        }
    }

    /** The node as plain Java values (maps, lists, scalars), for APIs that take parsed YAML. */
    public Object toPlain() {
        switch (kind) {
            case MAP:
                Map<String, Object> m = new LinkedHashMap<>();
                entries.forEach((k, v) -> m.put(k, v.toPlain()));
                return m;
            case LIST:
                List<Object> l = new java.util.ArrayList<>();
                items.forEach(i -> l.add(i.toPlain()));
                return l;
            default:
                return scalar;
        }
    }
}
