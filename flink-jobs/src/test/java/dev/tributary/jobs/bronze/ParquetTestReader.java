package dev.tributary.jobs.bronze;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An independent reader for test assertions: plain parquet-java over Hadoop's local file system, no
 * Tributary code, so a bug in the job's own reading or writing code cannot hide itself. Rows come back
 * as column-name maps, with values decoded from the files' own logical types.
 */
public final class ParquetTestReader {

    private ParquetTestReader() {}

    /** Visible (committed) files under a directory: not hidden, not underscore-prefixed. */
    public static List<Path> visibleFiles(Path dir) {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !isHidden(dir.relativize(p)))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            String n = part.toString();
            if (n.startsWith(".") || n.startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    public static List<Map<String, Object>> readDir(Path dir) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Path f : visibleFiles(dir)) {
            rows.addAll(readFile(f));
        }
        return rows;
    }

    static List<Map<String, Object>> readFile(Path file) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (ParquetReader<Group> reader =
                ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri())).build()) {
            Group g;
            while ((g = reader.read()) != null) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < g.getType().getFieldCount(); i++) {
                    Type t = g.getType().getType(i);
                    row.put(t.getName(), g.getFieldRepetitionCount(i) == 0 ? null : value(g, i, t.asPrimitiveType()));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static Object value(Group g, int i, PrimitiveType t) {
        LogicalTypeAnnotation logical = t.getLogicalTypeAnnotation();
        switch (t.getPrimitiveTypeName()) {
            case BINARY:
                return g.getString(i, 0);
            case BOOLEAN:
                return g.getBoolean(i, 0);
            case INT32:
                return g.getInteger(i, 0);
            case DOUBLE:
                return g.getDouble(i, 0);
            case INT64:
                long v = g.getLong(i, 0);
                if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) {
                    return Instant.ofEpochMilli(v);
                }
                if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) {
                    return BigDecimal.valueOf(v, ((LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) logical).getScale());
                }
                return v;
            default:
                throw new IllegalStateException("unexpected column type " + t);
        }
    }

    /** Every string value in every visible Parquet file under {@code dir}, for PII scans. */
    static List<String> allStrings(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> row : readDir(dir)) {
            for (Object v : row.values()) {
                if (v instanceof String) {
                    out.add((String) v);
                }
            }
        }
        return out;
    }
}
