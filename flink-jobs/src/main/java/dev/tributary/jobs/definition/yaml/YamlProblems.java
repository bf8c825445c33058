package dev.tributary.jobs.definition.yaml;

import org.apache.flink.annotation.Internal;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;

import java.util.Locale;

/**
 * Turns SnakeYAML's failures into located definition errors that say the real cause (a tab, a NUL byte,
 * an unclosed bracket) in YAML terms, and reads YAML 1.1 numbers and booleans the way the definition
 * expects them.
 */
@Internal
final class YamlProblems {
    static final String EXPECTED_TEXT = "UTF-8 YAML text (printable characters; no control characters other than"
            + " tab and line breaks)";

    private YamlProblems() {}

    /** A syntax error with a position. */
    static void report(MarkedYAMLException e, DefinitionErrors errors) {
        Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        String problem = e.getProblem() == null ? String.valueOf(e.getContext()) : e.getProblem();
        String expected = "well-formed YAML";
        String found;
        if (problem.contains("\\t(TAB)") || problem.contains("'\t'")) {
            found = "a tab character where YAML needs indentation or a value";
            expected = "spaces for indentation (YAML forbids tabs there)";
        } else if (problem.startsWith("found undefined alias ")) {
            String name = problem.substring("found undefined alias ".length()).trim();
            found = "the alias '*" + name + "' but no anchor '&" + name + "' before it";
            expected = "an anchor (&" + name + ") on a value earlier in the file";
        } else {
            found = "invalid YAML here: \"" + oneLine(problem) + "\"";
            if (e.getContext() != null && e.getContextMark() != null && e.getProblem() != null) {
                found += " (" + oneLine(e.getContext()) + " started at line " + (e.getContextMark().getLine() + 1) + ")";
            }
        }
        errors.add(m == null ? 1 : m.getLine() + 1, m == null ? 1 : m.getColumn() + 1, "", found, expected);
    }

    /** A failure without a mark: a forbidden character, too deep a nesting, or anything else. */
    static void report(YAMLException e, String text, DefinitionErrors errors) {
        if (e instanceof ReaderException) {
            ReaderException r = (ReaderException) e;
            int[] at = position(text, r.getPosition());
            errors.add(at[0], at[1], "", describe(r.getCodePoint()), EXPECTED_TEXT);
            return;
        }
        String msg = String.valueOf(e.getMessage());
        if (msg.startsWith("Nesting Depth exceeded")) {
            int[] at = deepest(text);
            errors.add(at[0], at[1], "", "more than " + YamlTreeReader.MAX_DEPTH + " levels of nesting",
                    "a definition of at most " + YamlTreeReader.MAX_DEPTH + " levels");
            return;
        }
        errors.add(1, 1, "", "unreadable YAML: " + oneLine(msg), "well-formed YAML");
    }

    /** A forbidden character, named without printing it. */
    static String describe(int codePoint) {
        if (codePoint == 0) {
            return "a NUL byte (U+0000): this looks like a binary file";
        }
        if (codePoint == 0xFFFD) {
            return "U+FFFD, the mark of bytes that were not valid UTF-8";
        }
        return String.format(Locale.ROOT, "the control character U+%04X", codePoint);
    }

    /** 1-based line and column of a code point index. */
    static int[] position(String text, int codePointIndex) {
        int line = 1;
        int col = 1;
        int i = 0;
        for (int cp = 0; i < text.length() && cp < codePointIndex; cp++) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new int[] {line, col};
    }

    /** Where nesting first exceeds the limit, found with the (non-recursive) event parser. */
    private static int[] deepest(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(YamlTreeReader.MAX_CODE_POINTS);
        ParserImpl p = new ParserImpl(new StreamReader(text), options);
        int depth = 0;
        try {
            while (!p.checkEvent(Event.ID.StreamEnd)) {
                Event ev = p.getEvent();
                if (ev.is(Event.ID.MappingStart) || ev.is(Event.ID.SequenceStart)) {
                    if (++depth > YamlTreeReader.MAX_DEPTH) {
                        return new int[] {ev.getStartMark().getLine() + 1, ev.getStartMark().getColumn() + 1};
                    }
                } else if (ev.is(Event.ID.MappingEnd) || ev.is(Event.ID.SequenceEnd)) {
                    depth--;
                }
            }
        } catch (YAMLException ignored) {
            // the nesting error is the one worth reporting
        }
        return new int[] {1, 1};
    }

    private static String oneLine(String s) {
        String t = s.replace("\n", " ").trim();
        return t.length() > 160 ? t.substring(0, 157) + "..." : t;
    }

    static Boolean bool(String v) {
        String l = v.toLowerCase(Locale.ROOT);
        return l.equals("true") || l.equals("yes") || l.equals("on");
    }

    /** YAML 1.1 integers: decimal with {@code _} separators, {@code 0x}, {@code 0b}; anything else stays text. */
    static Long integer(String v) {
        String s = v.replace("_", "");
        boolean negative = s.startsWith("-");
        String digits = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        long n;
        if (digits.startsWith("0x")) {
            n = Long.parseLong(digits.substring(2), 16);
        } else if (digits.startsWith("0b")) {
            n = Long.parseLong(digits.substring(2), 2);
        } else {
            n = Long.parseLong(digits); // sexagesimal (1:30) and overflow throw: kept as text
        }
        return negative ? -n : n;
    }

    static Double decimal(String v) {
        String s = v.replace("_", "").toLowerCase(Locale.ROOT);
        if (s.endsWith(".inf")) {
            return s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (s.equals(".nan")) {
            return Double.NaN;
        }
        return Double.parseDouble(s);
    }
}
