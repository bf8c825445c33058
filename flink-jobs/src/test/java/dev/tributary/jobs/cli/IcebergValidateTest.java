package dev.tributary.jobs.cli;

import dev.tributary.jobs.bronze.BronzeJob;
import dev.tributary.jobs.compose.PipelineLoader;
import dev.tributary.jobs.definition.PipelineDef;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code validate} on an Iceberg lake compares the sources' declared schemas with the bronze tables the lake already
 * holds: an incompatible change is refused before anything starts, located in the definition and with the reason; a
 * compatible one (a new nullable column) is valid (the table evolves at start). The tables are real (Hadoop catalog
 * in a temporary folder).
 */
class IcebergValidateTest {

    static final Map<String, String> ENV = Map.of("TRIBUTARY_PII_KEY", "iceberg-validate-test-secret");

    @TempDir Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int validate(Path pipeline) {
        out.reset();
        err.reset();
        return TributaryCli.run(new String[] {"validate", "--pipeline", pipeline.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), ENV);
    }

    private Path pipeline(String name, String schema) throws Exception {
        Path in = tmp.resolve("in.jsonl");
        Files.writeString(in, "{\"id\":\"a\",\"ts\":\"2026-01-01T00:00:00Z\",\"n\":1}\n");
        Path file = tmp.resolve(name + ".yaml");
        Files.writeString(file, String.join("\n",
                "pipeline: {name: evolving}",
                "runtime: {mode: batch, parallelism: 1}",
                "lake: {root: '" + tmp.resolve("lake").toUri() + "', format: iceberg}",
                "sources:",
                "  items:",
                "    kind: files",
                "    options: {path: '" + in + "'}",
                "    schema: " + schema,
                "    event-time: {column: ts}",
                "    bronze: {dedupe: {key: [id]}}",
                ""));
        return file;
    }

    /** Creates the bronze table of {@code pipeline}'s source as its definition declares it, as a first run would. */
    private static void createBronzeTable(Path pipeline) throws Exception {
        PipelineDef def = PipelineLoader.load(Files.readString(pipeline), pipeline.toString(), ENV,
                IcebergValidateTest.class.getClassLoader()).def();
        def.lake().iceberg().withCatalog(def.lake().layout(),
                c -> def.lake().iceberg().createOrEvolve(c, BronzeJob.table(def.sources().get(0).dataset())));
    }

    @Test
    void anIncompatibleSchemaChangeIsRefusedAtValidationAndACompatibleOneIsValid() throws Exception {
        Path first = pipeline("first", "{id: STRING NOT NULL, ts: TIMESTAMP NOT NULL, n: STRING}");
        assertThat(validate(first)).as(err.toString(StandardCharsets.UTF_8)).isZero();
        createBronzeTable(first);

        Path changedType = pipeline("changed", "{id: STRING NOT NULL, ts: TIMESTAMP NOT NULL, n: BOOLEAN}");
        assertThat(validate(changedType)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(changedType + ": sources.items.schema: ", "bronze.items", "column 'n'")
                .doesNotContain("\tat ");

        Path newRequired = pipeline("required", "{id: STRING NOT NULL, ts: TIMESTAMP NOT NULL, n: STRING, site: STRING NOT NULL}");
        assertThat(validate(newRequired)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("sources.items.schema: ", "site");

        Path newNullable = pipeline("nullable", "{id: STRING NOT NULL, ts: TIMESTAMP NOT NULL, n: STRING, note: STRING}");
        assertThat(validate(newNullable)).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("valid: pipeline 'evolving'");
    }
}
