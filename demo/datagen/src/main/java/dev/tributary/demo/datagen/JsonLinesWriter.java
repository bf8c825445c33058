package dev.tributary.demo.datagen;


import org.apache.flink.annotation.PublicEvolving;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * Writes the generated {@code orders} and {@code payments} as JSON-lines files (UTF-8, one payload
 * per line, {@code \n}-terminated, in slot order): the backfill input of the file source.
 *
 * <p>With one file per dataset the files are {@code orders.jsonl} and {@code payments.jsonl}; with N
 * they are {@code orders-00000.jsonl} ... each holding a contiguous range of slots, so concatenating
 * them in name order gives the single-file content. Existing files are overwritten; the directory is
 * created if needed. Memory use is constant.
 */
@PublicEvolving
public final class JsonLinesWriter {
    private JsonLinesWriter() {}

    /** Writes {@code orders.jsonl} and {@code payments.jsonl} into {@code dir}. */
    public static Map<String, List<Path>> write(Path dir, GeneratorConfig config) throws IOException {
        return write(dir, config, 1);
    }

    /**
     * Writes each dataset into {@code filesPerDataset} files.
     *
     * @return the files written, per dataset name, in slot order
     * @throws IOException if a file cannot be written
     */
    public static Map<String, List<Path>> write(Path dir, GeneratorConfig config, int filesPerDataset)
            throws IOException {
        checkNotNull(dir, "dir");
        checkArgument(filesPerDataset >= 1, "filesPerDataset must be at least 1: %s", filesPerDataset);
        ReferenceDataGenerator generator = new ReferenceDataGenerator(checkNotNull(config, "config"));
        Files.createDirectories(dir);
        Map<String, List<Path>> written = new LinkedHashMap<>();
        for (String dataset : new String[] {ReferenceSchemas.ORDERS, ReferenceSchemas.PAYMENTS}) {
            written.put(dataset, writeDataset(dir, generator, dataset, filesPerDataset));
        }
        return written;
    }

    private static List<Path> writeDataset(
            Path dir, ReferenceDataGenerator generator, String dataset, int files) throws IOException {
        long count = generator.count(dataset);
        List<Path> paths = new ArrayList<>(files);
        for (int f = 0; f < files; f++) {
            Path file = dir.resolve(files == 1
                    ? dataset + ".jsonl"
                    : dataset + "-" + JsonText.pad(f, 5) + ".jsonl");
            long from = count * f / files;
            long to = count * (f + 1) / files;
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (long i = from; i < to; i++) {
                    w.write(generator.event(dataset, i).getPayload());
                    w.write('\n');
                }
            }
            paths.add(file);
        }
        return paths;
    }
}
