package dev.tributary.jobs.definition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Shared fixtures: the reference pipeline file and the golden definitions. */
public final class PipelineDefinitionTestData {
    /** {@code examples/ecommerce/pipeline.yaml}, from the repository (tests run in {@code flink-jobs} or {@code demo/*}). */
    public static final Path REFERENCE = repositoryRoot().resolve(Paths.get("examples", "ecommerce", "pipeline.yaml"));
    public static final Path DEFINITIONS = Paths.get("src", "test", "resources", "definitions");

    private PipelineDefinitionTestData() {}

    public static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository's root: the nearest folder above the working directory with {@code examples/}. */
    public static Path repositoryRoot() {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root (a folder with examples/) above " + Paths.get("").toAbsolutePath());
        }
        return dir;
    }

    public static String reference() {
        return read(REFERENCE);
    }
}
