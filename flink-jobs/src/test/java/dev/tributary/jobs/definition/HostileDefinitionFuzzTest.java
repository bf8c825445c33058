package dev.tributary.jobs.definition;

import dev.tributary.jobs.compose.PipelineLoader;
import dev.tributary.jobs.definition.yaml.DefinitionError;
import dev.tributary.jobs.definition.yaml.DefinitionException;
import dev.tributary.jobs.definition.yaml.DefinitionText;
import dev.tributary.jobs.definition.yaml.PipelineDefinitionParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue 12 item 5: seeded hostile mutations of the reference pipeline (truncations, byte flips, deep
 * nesting, huge scalars, alias bombs, tabs, NUL bytes, extra documents, odd encodings). For every one, the
 * bytes-to-definition path a user runs ({@link DefinitionText#decode} then the parser) either accepts the
 * file or answers with located definition errors (file, line >= 1, what was found, what was expected) and
 * never throws anything else. The timeout is a hang guard (an alias bomb that expanded would never end),
 * not a speed assertion. {@code -Dtributary.fuzz.cases=N} and {@code -Dtributary.fuzz.seed=S} run more.
 */
class HostileDefinitionFuzzTest {
    private static final int CASES = Integer.getInteger("tributary.fuzz.cases", 250);
    private static final long SEED = Long.getLong("tributary.fuzz.seed", 20261202L);
    /** The full loader (Flink's SQL planner included) is slower: a slice of the cases goes through it too. */
    private static final int LOADER_EVERY = 125;
    private static final Map<String, String> ENV = Map.of("KAFKA_BOOTSTRAP", "127.0.0.1:9092");

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void everyMutationIsAcceptedOrAnsweredWithLocatedDefinitionErrors() {
        byte[] reference = PipelineDefinitionTestData.reference().getBytes(StandardCharsets.UTF_8);
        Random random = new Random(SEED);
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            int kind = random.nextInt(MUTATIONS);
            byte[] bytes = mutate(reference, kind, random);
            String file = "fuzz-" + SEED + "-" + i + ".yaml";
            try {
                String text = DefinitionText.decode(bytes, file);
                if (i % LOADER_EVERY == 0) {
                    PipelineLoader.load(text, file, ENV, getClass().getClassLoader());
                } else {
                    PipelineDefinitionParser.parse(text, file, ENV);
                }
            } catch (DefinitionException e) {
                refused++;
                assertLocated(e, file, kind);
            } catch (Throwable t) {
                fail("case %d (mutation %d, seed %d) threw %s instead of definition errors", i, kind, SEED, t, t);
            }
        }
        assertThat(refused).as("most mutations are refused").isGreaterThan(CASES / 2);
    }

    private static void assertLocated(DefinitionException e, String file, int kind) {
        assertThat(e.errors()).as("mutation %d", kind).isNotEmpty();
        assertThat(e.getMessage()).doesNotContain("\tat ", "Exception", "java.", "()");
        for (DefinitionError err : e.errors()) {
            assertThat(err.file()).isEqualTo(file);
            assertThat(err.line()).as("%s", err).isPositive();
            assertThat(err.column()).as("%s", err).isPositive();
            assertThat(err.found()).as("%s", err).isNotBlank();
            assertThat(err.expected()).as("%s", err).isNotBlank();
        }
    }

    private static final int MUTATIONS = 12;

    static byte[] mutate(byte[] ref, int kind, Random r) {
        String text = new String(ref, StandardCharsets.UTF_8);
        switch (kind) {
            case 0: // truncation anywhere, even inside a multi-byte character
                return Arrays.copyOf(ref, r.nextInt(ref.length));
            case 1: { // byte flips
                byte[] b = ref.clone();
                for (int n = 1 + r.nextInt(8); n > 0; n--) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
                return b;
            }
            case 2: // deep nesting in a flow value
                return insertAtLineEnd(text, r, " [" + "[".repeat(20 + r.nextInt(2000)) + "]");
            case 3: // a huge scalar
                return insertAtLineEnd(text, r, " " + "x".repeat(100_000 + r.nextInt(3_000_000)));
            case 4: { // an alias bomb: nine levels of nine aliases each (9^9 values once expanded)
                StringBuilder anchors = new StringBuilder("pipeline:\n  bomb0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
                for (int l = 1; l < 10; l++) {
                    anchors.append("  bomb").append(l).append(": &l").append(l).append(" [")
                            .append(String.join(", ", Collections.nCopies(9, "*l" + (l - 1)))).append("]\n");
                }
                return (anchors + text.replaceFirst("pipeline:\n", "")).getBytes(StandardCharsets.UTF_8);
            }
            case 5: // a tab where indentation is
                return replaceLineStart(text, r, "\t");
            case 6: // a NUL byte or another control character
                return insertAt(text, r, String.valueOf((char) (r.nextBoolean() ? 0 : 1 + r.nextInt(31))));
            case 7: // another document
                return (text.substring(0, r.nextInt(text.length())) + "\n---\n" + text).getBytes(StandardCharsets.UTF_8);
            case 8: // an odd encoding
                return text.getBytes(Charset.forName(new String[] {"UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32", "ISO-8859-1"}[r.nextInt(5)]));
            case 9: // YAML syntax characters in random places
                return insertAt(text, r, new String[] {"*", "&", "<<: ", "!", "%", "@", "`", "{", "]", ": ", "- ", "|", ">", "? "}[r.nextInt(14)]);
            case 10: { // lines swapped or dropped
                String[] lines = text.split("\n", -1);
                int a = r.nextInt(lines.length);
                int b = r.nextInt(lines.length);
                String t = lines[a];
                lines[a] = r.nextBoolean() ? lines[b] : "";
                lines[b] = t;
                return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
            }
            default: // an undefined or recursive alias
                return insertAtLineEnd(text, r, r.nextBoolean() ? " *nowhere" : " &self [*self]");
        }
    }

    private static byte[] insertAt(String text, Random r, String s) {
        int at = r.nextInt(text.length());
        return (text.substring(0, at) + s + text.substring(at)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] insertAtLineEnd(String text, Random r, String s) {
        int nl = text.indexOf('\n', r.nextInt(text.length()));
        int at = nl < 0 ? text.length() : nl;
        return (text.substring(0, at) + s + text.substring(at)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] replaceLineStart(String text, Random r, String s) {
        int nl = text.indexOf("\n  ", r.nextInt(text.length()));
        if (nl < 0) {
            return (s + text).getBytes(StandardCharsets.UTF_8);
        }
        return (text.substring(0, nl + 1) + s + text.substring(nl + 3)).getBytes(StandardCharsets.UTF_8);
    }
}
