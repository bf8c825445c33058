package dev.tributary.jobs;

import dev.tributary.jobs.definition.PipelineDefinitionTestData;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The library knows no domain (issue 15): outside the demo (demo/), no main source of flink-jobs,
 * common-transforms or quality-rules names the demo's orders, payments or customers, in code, messages or
 * Javadoc. A source scan, because strings and comments matter as much as types here.
 *
 * <p>{@link #KNOWN} listed the 17 files that still did when the rule was written (examples in Javadoc and
 * messages); they now use a neutral domain (readings, devices) and the list is empty: it must stay so.
 */
class DomainWordsTest {
    private static final Pattern DOMAIN =
            Pattern.compile("\\b([Oo]rders|[Pp]ayments?|[Cc]ustomers?)\\b|order_id|customer_id|payment_id|order_ts");
    private static final List<String> MODULES = List.of("flink-jobs", "common-transforms", "quality-rules");

    /** Files that still name the demo's domain: none left; keep it so. */
    private static final Set<String> KNOWN = Set.of();

    @Test
    void noNewLibrarySourceNamesTheDemosDomain() throws IOException {
        Path root = PipelineDefinitionTestData.repositoryRoot();
        Set<String> naming = new TreeSet<>();
        for (String module : MODULES) {
            try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main"))) {
                for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                    if (DOMAIN.matcher(Files.readString(f, StandardCharsets.UTF_8)).find()) {
                        naming.add(root.relativize(f).toString().replace('\\', '/'));
                    }
                }
            }
        }
        assertThat(naming).as("library sources naming orders/payments/customers (move the example to a neutral"
                + " domain, or the code to demo/)").isSubsetOf(KNOWN);
    }
}
