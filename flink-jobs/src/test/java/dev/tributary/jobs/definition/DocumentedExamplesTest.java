package dev.tributary.jobs.definition;

import dev.tributary.jobs.compose.PipelineLoader;
import dev.tributary.jobs.definition.yaml.DefinitionException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue 12 item 5: every fenced {@code yaml} block in README.md and docs/*.md goes through the same
 * validation as {@code tributary validate}. A block with a {@code pipeline} key is validated as it is; any
 * other block is a fragment, merged into a minimal valid pipeline (its top-level sections added to the
 * minimal one's), so documented snippets cannot drift from what the parser accepts.
 */
class DocumentedExamplesTest {
    private static final Path REPO = Paths.get("..");
    private static final Pattern FENCE = Pattern.compile("(?m)^```yaml\\s*\\n(.*?)^```", Pattern.DOTALL);
    /** What the documented examples refer to with ${...}. */
    private static final Map<String, String> ENV = Map.of("KAFKA_BOOTSTRAP", "127.0.0.1:9092",
            "KAFKA_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule required;",
            "TRIBUTARY_PG_USER", "tributary", "TRIBUTARY_PG_PASSWORD", "documented-example");
    private static final String MINIMAL = String.join("\n",
            "pipeline: {name: documented}",
            "lake: {root: target/lake}",
            "sources:",
            "  minimal_events:",
            "    kind: files",
            "    options: {path: target/minimal_events.jsonl}",
            "    schema: {order_id: STRING NOT NULL, order_ts: TIMESTAMP NOT NULL}",
            "    event-time: {column: order_ts}",
            "    bronze: {dedupe: {key: [order_id]}}",
            "");

    static Stream<String> snippets() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(REPO.resolve("README.md")));
        try (Stream<Path> files = Files.list(REPO.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        List<String> out = new ArrayList<>();
        for (Path doc : docs) {
            String text = Files.readString(doc, StandardCharsets.UTF_8);
            Matcher m = FENCE.matcher(text);
            while (m.find()) {
                int line = (int) text.substring(0, m.start(1)).chars().filter(c -> c == '\n').count() + 1;
                out.add(REPO.relativize(doc).toString().replace('\\', '/') + ":" + line);
            }
        }
        assertThat(out).as("yaml snippets in the docs").isNotEmpty();
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snippets")
    void validates(String where) throws IOException {
        String yaml = snippet(where);
        String definition = isPipeline(yaml) ? yaml : mergedIntoMinimal(yaml);

        try {
            PipelineLoader.load(definition, where, ENV, getClass().getClassLoader());
        } catch (DefinitionException e) {
            fail("the documented example at %s does not validate:%n%s%n---%n%s", where, e.getMessage(), definition);
        }
    }

    private static String snippet(String where) throws IOException {
        int colon = where.lastIndexOf(':');
        String text = Files.readString(REPO.resolve(where.substring(0, colon)), StandardCharsets.UTF_8);
        int line = Integer.parseInt(where.substring(colon + 1));
        Matcher m = FENCE.matcher(text);
        while (m.find()) {
            if ((int) text.substring(0, m.start(1)).chars().filter(c -> c == '\n').count() + 1 == line) {
                return m.group(1);
            }
        }
        throw new IllegalStateException("no yaml block at " + where);
    }

    private static boolean isPipeline(String yaml) {
        Object doc = new Yaml().load(yaml);
        return doc instanceof Map && ((Map<?, ?>) doc).containsKey("pipeline");
    }

    /** The fragment's sections added to the minimal pipeline's (sources, silver and gold merged by name). */
    @SuppressWarnings("unchecked")
    private static String mergedIntoMinimal(String fragment) {
        Map<String, Object> base = new Yaml().load(MINIMAL);
        Object doc = new Yaml().load(fragment);
        assertThat(doc).as("a yaml fragment in the docs is a mapping of pipeline sections").isInstanceOf(Map.class);
        for (Map.Entry<String, Object> e : ((Map<String, Object>) doc).entrySet()) {
            Object mine = base.get(e.getKey());
            if (mine instanceof Map && e.getValue() instanceof Map) {
                Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) mine);
                merged.putAll((Map<String, Object>) e.getValue());
                base.put(e.getKey(), merged);
            } else {
                base.put(e.getKey(), e.getValue());
            }
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(base);
    }
}
