package dev.tributary.jobs.compose;

import dev.tributary.jobs.definition.ModelDef;
import dev.tributary.jobs.definition.yaml.DefinitionErrors;
import dev.tributary.jobs.definition.yaml.ParsedPipeline;
import dev.tributary.jobs.definition.yaml.PipelineKeys;
import dev.tributary.jobs.definition.yaml.Suggestions;
import dev.tributary.jobs.definition.yaml.YamlNode;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a model's problems are reported: each at its place in the YAML definition (file, line, the dotted path
 * of the field), with what was found and what was expected; a Java-built pipeline gets line 0.
 */
@Internal
final class ModelErrors {
    private static final Pattern POSITION = Pattern.compile("line (\\d+), column (\\d+)");
    private static final Pattern NOT_FOUND = Pattern.compile("Object '([^']+)' not found");

    @Nullable private final ParsedPipeline parsed;
    private final DefinitionErrors errors;

    ModelErrors(@Nullable ParsedPipeline parsed, DefinitionErrors errors) {
        this.parsed = parsed;
        this.errors = errors;
    }

    /** A block's message {@code what; expected ...} as {found, expected}. */
    static String[] foundExpected(RuntimeException e) {
        String msg = firstLine(e);
        int at = msg.indexOf("; expected ");
        if (at < 0) {
            return new String[] {msg, "what the block accepts (see docs/SILVER_GOLD.md)"};
        }
        return new String[] {msg.substring(0, at), msg.substring(at + "; expected ".length())};
    }

    /** A query Flink refused, located in the model's {@code sql} (line and column of the query when Flink names them). */
    void sqlError(ModelDef m, RuntimeException e, List<String> tables) {
        String msg = firstLine(e);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && !msg.contains(firstLine(root))) {
            msg = msg + " Cause: " + firstLine(root);
        }
        Matcher nf = NOT_FOUND.matcher(String.valueOf(e.getMessage()));
        String expected;
        if (nf.find()) {
            List<String> names = tables;
            expected = "a query over the tables defined before it " + names + Suggestions.didYouMean(nf.group(1), names);
            msg = "unknown table '" + nf.group(1) + "' (" + msg + ")";
        } else {
            expected = msg.startsWith("SQL parse failed") ? "valid Flink SQL" : "a query Flink's planner accepts";
        }
        YamlNode node = modelNode(m);
        YamlNode sql = node == null ? null : node.get(PipelineKeys.SQL);
        String path = m.layer().key() + "." + m.name() + "." + PipelineKeys.SQL;
        if (sql == null) {
            errors.add(0, 0, path, msg, expected);
            return;
        }
        int line = sql.line();
        int col = sql.column();
        Matcher pos = POSITION.matcher(String.valueOf(e.getMessage()));
        if (pos.find()) {
            int l = Integer.parseInt(pos.group(1));
            int c = Integer.parseInt(pos.group(2));
            if (sql.isBlockScalar()) {
                line = sql.line() + l;
                col = node.keyPosition(PipelineKeys.SQL)[1] + 1 + c;
            } else {
                line = sql.line() + l - 1;
                col = sql.column() + c - 1;
            }
        }
        errors.add(line, col, path, msg, expected);
    }

    /** A problem at {@code key} (dotted) of model {@code m}, located at the deepest node of that path in the YAML. */
    void error(ModelDef m, String key, String found, String expected) {
        String path = m.layer().key() + "." + m.name() + "." + key;
        YamlNode node = modelNode(m);
        if (node == null) {
            errors.add(0, 0, path, found, expected);
            return;
        }
        YamlNode at = node;
        for (String k : key.split("\\.")) {
            if (at.isMap() && at.get(k) != null) {
                at = at.get(k);
            } else {
                break;
            }
        }
        errors.at(at, path, found, expected);
    }

    @Nullable
    private YamlNode modelNode(ModelDef m) {
        return parsed == null ? null : parsed.modelNodes().get(m.name());
    }

    static String firstLine(Throwable e) {
        String msg = String.valueOf(e.getMessage());
        int nl = msg.indexOf('\n');
        return (nl > 0 ? msg.substring(0, nl) : msg).trim();
    }
}
