package dev.tributary.jobs.definition.yaml;

import org.apache.flink.annotation.Internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects problems so that every one is reported at once. */
@Internal
public final class DefinitionErrors {
    private final String file;
    private final List<DefinitionError> errors = new ArrayList<>();

    public DefinitionErrors(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }

    public void add(int line, int column, String path, String found, String expected) {
        DefinitionError e = new DefinitionError(file, line, column, path, found, expected);
        if (!errors.contains(e)) {
            errors.add(e);
        }
    }

    /** A problem with a node's value. */
    public void at(YamlNode node, String path, String found, String expected) {
        add(node.line(), node.column(), path, found, expected);
    }

    /** A problem with a key of a mapping (points at the key). */
    public void atKey(YamlNode map, String key, String path, String found, String expected) {
        int[] p = map.keyPosition(key);
        add(p[0], p[1], path, found, expected);
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public int size() {
        return errors.size();
    }

    public List<DefinitionError> sorted() {
        List<DefinitionError> s = new ArrayList<>(errors);
        s.sort(Comparator.comparingInt(DefinitionError::line).thenComparingInt(DefinitionError::column));
        return s;
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new DefinitionException(sorted());
        }
    }
}
