package dev.tributary.jobs.definition;

import dev.tributary.jobs.compose.PipelineLoader;
import dev.tributary.jobs.definition.yaml.DefinitionError;
import dev.tributary.jobs.definition.yaml.DefinitionException;
import dev.tributary.jobs.definition.yaml.DefinitionText;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Acceptance 2: every golden broken definition in {@code definitions/broken/*.yaml} yields exactly the
 * located errors in its {@code .errors} file (one {@code file:line:column: path: found ...; expected ...}
 * per line), all at once, and never a stack trace. Regenerate the golden files after an intended change
 * with {@code -Dtributary.golden.update=true} and review the diff.
 */
class BrokenDefinitionsTest {
    private static final Path BROKEN = PipelineDefinitionTestData.DEFINITIONS.resolve("broken");
    /** The environment the corpus sees: KAFKA_JAAS_CONFIG is deliberately absent. */
    private static final Map<String, String> ENV = Map.of("KAFKA_BOOTSTRAP", "localhost:9092");

    static Stream<String> definitions() throws IOException {
        try (Stream<Path> files = Files.list(BROKEN)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted()
                    .collect(Collectors.toList());
            assertThat(names).hasSizeGreaterThanOrEqualTo(25);
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("definitions")
    void yieldsItsSpecificLocatedErrors(String file) throws IOException {
        byte[] bytes = Files.readAllBytes(BROKEN.resolve(file));

        // The bytes go through the same decoding as the CLI's, so encoding errors are golden cases too.
        Throwable thrown = catchThrowable(() -> PipelineLoader.load(DefinitionText.decode(bytes, file), file, ENV,
                getClass().getClassLoader()));

        assertThat(thrown).isInstanceOf(DefinitionException.class);
        List<String> actual = ((DefinitionException) thrown).errors().stream().map(DefinitionError::toString)
                .collect(Collectors.toList());
        Path golden = BROKEN.resolve(file.replace(".yaml", ".errors"));
        if (Boolean.getBoolean("tributary.golden.update")) {
            Files.writeString(golden, String.join("\n", actual) + "\n", StandardCharsets.UTF_8);
        }
        assertThat(actual).containsExactlyElementsOf(Files.readAllLines(golden, StandardCharsets.UTF_8));
        assertThat(thrown.getMessage()).doesNotContain("\tat ", "Exception");
        for (DefinitionError e : ((DefinitionException) thrown).errors()) {
            assertThat(e.line()).as("line of %s", e).isPositive();
            assertThat(e.found()).isNotBlank();
            assertThat(e.expected()).isNotBlank();
        }
    }
}
