package dev.tributary.jobs.definition.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.apache.flink.annotation.Internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML text into {@link YamlNode}s with Jackson's streaming YAML parser, keeping the line and column
 * of every node and key. Duplicate keys are reported (Jackson's tree model would silently keep the last).
 */
@Internal
final class YamlTreeReader {

    private final String text;
    private final String[] lines;
    private final DefinitionErrors errors;

    YamlTreeReader(String text, DefinitionErrors errors) {
        this.text = text;
        this.lines = text.split("\n", -1);
        this.errors = errors;
    }

    /** The document's root, or null after reporting a syntax error. */
    YamlNode read() {
        try (JsonParser p = new YAMLFactory().createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                errors.add(1, 1, "", "an empty document", "a pipeline definition (a mapping with 'pipeline', 'sources', ...)");
                return null;
            }
            return node(p, "");
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            String msg = e.getOriginalMessage();
            int nl = msg.indexOf('\n');
            errors.add(l == null ? 1 : l.getLineNr(), l == null ? 1 : l.getColumnNr(), "",
                    "invalid YAML: " + (nl > 0 ? msg.substring(0, nl) : msg), "well-formed YAML");
            return null;
        } catch (IOException e) {
            errors.add(1, 1, "", "unreadable text: " + e.getMessage(), "YAML text");
            return null;
        }
    }

    private YamlNode node(JsonParser p, String path) throws IOException {
        JsonLocation loc = p.currentTokenLocation();
        int line = loc.getLineNr();
        int col = loc.getColumnNr();
        switch (p.currentToken()) {
            case START_OBJECT: {
                LinkedHashMap<String, YamlNode> entries = new LinkedHashMap<>();
                Map<String, int[]> keys = new HashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonLocation kl = p.currentTokenLocation();
                    p.nextToken();
                    String childPath = path.isEmpty() ? key : path + "." + key;
                    YamlNode child = node(p, childPath);
                    if (entries.containsKey(key)) {
                        errors.add(kl.getLineNr(), kl.getColumnNr(), childPath, "a second '" + key + "' key",
                                "each key once (the first is at line " + keys.get(key)[0] + ")");
                        continue;
                    }
                    entries.put(key, child);
                    keys.put(key, new int[] {kl.getLineNr(), kl.getColumnNr()});
                }
                return YamlNode.map(line, col, entries, keys);
            }
            case START_ARRAY: {
                List<YamlNode> items = new ArrayList<>();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(p, path + "[" + i++ + "]"));
                }
                return YamlNode.list(line, col, items);
            }
            case VALUE_NULL:
                return YamlNode.scalar(line, col, null, false);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return YamlNode.scalar(line, col, p.getBooleanValue(), false);
            case VALUE_NUMBER_INT:
                return YamlNode.scalar(line, col, p.getLongValue(), false);
            case VALUE_NUMBER_FLOAT:
                return YamlNode.scalar(line, col, p.getDoubleValue(), false);
            default:
                return YamlNode.scalar(line, col, p.getText(), isBlock(line, col));
        }
    }

    private boolean isBlock(int line, int col) {
        if (line < 1 || line > lines.length) {
            return false;
        }
        String l = lines[line - 1];
        int i = Math.max(0, col - 1);
        return i < l.length() && (l.charAt(i) == '|' || l.charAt(i) == '>');
    }
}
