package dev.tributary.jobs.definition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Shared fixtures: the reference pipeline file and the golden definitions. */
public final class PipelineDefinitionTestData {
    /** {@code examples/ecommerce/pipeline.yaml}, from the repository (tests run in {@code flink-jobs}). */
    public static final Path REFERENCE = Paths.get("..", "examples", "ecommerce", "pipeline.yaml");
    public static final Path DEFINITIONS = Paths.get("src", "test", "resources", "definitions");

    private PipelineDefinitionTestData() {}

    public static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String reference() {
        return read(REFERENCE);
    }
}
