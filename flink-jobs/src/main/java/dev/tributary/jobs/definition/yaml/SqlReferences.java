package dev.tributary.jobs.definition.yaml;

import org.apache.flink.annotation.Internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the tables a query reads: identifiers after {@code FROM}, {@code JOIN} and {@code TABLE}, and
 * the further items of a comma-separated {@code FROM} list. Literals and comments are skipped. Used for
 * dependency order and cycle detection before the planner sees the query; the planner then reports any
 * table that does not exist.
 */
@Internal
public final class SqlReferences {
    private static final Pattern TOKEN = Pattern.compile(
            "'(?:[^']|'')*'|--[^\\n]*|/\\*.*?\\*/|`([^`]+)`|([A-Za-z_][A-Za-z0-9_]*)|([(),.])", Pattern.DOTALL);
    private static final Set<String> CLAUSE_END = Set.of("WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "UNION",
            "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "ON", "WINDOW", "SELECT", "EXCEPT", "INTERSECT");

    private SqlReferences() {}

    /** Table names the query reads, in order of first mention (including names it does not know). */
    public static List<String> tables(String sql) {
        List<String[]> tokens = new ArrayList<>(); // {text, kind: i=identifier, q=quoted, p=punctuation}
        Matcher m = TOKEN.matcher(sql);
        while (m.find()) {
            if (m.group(1) != null) {
                tokens.add(new String[] {m.group(1), "q"});
            } else if (m.group(2) != null) {
                tokens.add(new String[] {m.group(2), "i"});
            } else if (m.group(3) != null) {
                tokens.add(new String[] {m.group(3), "p"});
            }
        }
        Set<String> out = new LinkedHashSet<>();
        boolean inFrom = false;
        int depth = 0;
        int fromDepth = -1;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i)[0];
            String kind = tokens.get(i)[1];
            String upper = t.toUpperCase(Locale.ROOT);
            if (kind.equals("p")) {
                if (t.equals("(")) {
                    depth++;
                } else if (t.equals(")")) {
                    depth--;
                    if (depth < fromDepth) {
                        inFrom = false;
                    }
                } else if (t.equals(",") && inFrom && depth == fromDepth) {
                    addNext(tokens, i + 1, out);
                }
                continue;
            }
            if (kind.equals("i") && (upper.equals("FROM") || upper.equals("JOIN") || upper.equals("TABLE"))) {
                addNext(tokens, i + 1, out);
                if (upper.equals("FROM")) {
                    inFrom = true;
                    fromDepth = depth;
                }
            } else if (kind.equals("i") && CLAUSE_END.contains(upper) && depth == fromDepth) {
                inFrom = false;
            }
        }
        return new ArrayList<>(out);
    }

    private static void addNext(List<String[]> tokens, int i, Set<String> out) {
        if (i >= tokens.size() || tokens.get(i)[1].equals("p")) {
            return;
        }
        boolean call = i + 1 < tokens.size() && tokens.get(i + 1)[0].equals("(");
        String upper = tokens.get(i)[0].toUpperCase(Locale.ROOT);
        if (!call && !upper.equals("LATERAL") && !upper.equals("UNNEST") && !upper.equals("TABLE")) {
            out.add(tokens.get(i)[0]);
        }
    }
}
