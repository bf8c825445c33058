package dev.tributary.jobs.lake;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.types.Row;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and lists committed lake files. Committed files are those whose names do not start with
 * {@code .} or {@code _} (the FileSink keeps in-progress and pending files hidden as {@code .part-*}).
 */
@Internal
public final class LakeFiles {

    public static final String PARQUET_SUFFIX = ".parquet";

    private LakeFiles() {}

    /** True for a committed data file name. */
    public static boolean isCommittedDataFile(String name) {
        return name.endsWith(PARQUET_SUFFIX) && !name.startsWith(".") && !name.startsWith("_");
    }

    /** Every committed Parquet file under a directory, recursively (empty if it does not exist). */
    public static List<Path> committedFiles(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        FileSystem fs = dir.getFileSystem();
        if (!fs.exists(dir)) {
            return out;
        }
        collect(fs, dir, out);
        out.sort(java.util.Comparator.comparing(Path::toString));
        return out;
    }

    private static void collect(FileSystem fs, Path dir, List<Path> out) throws IOException {
        FileStatus[] statuses = fs.listStatus(dir);
        if (statuses == null) {
            return;
        }
        for (FileStatus s : statuses) {
            String name = s.getPath().getName();
            if (s.isDir()) {
                if (!name.startsWith(".") && !name.startsWith("_")) {
                    collect(fs, s.getPath(), out);
                }
            } else if (isCommittedDataFile(name)) {
                out.add(s.getPath());
            }
        }
    }

    /** Committed files per partition directory (relative to {@code dir}), sorted. */
    public static Map<String, Integer> filesPerPartition(Path dir) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        String base = dir.toUri().getPath();
        for (Path p : committedFiles(dir)) {
            String parent = p.getParent().toUri().getPath();
            String rel = parent.length() > base.length() ? parent.substring(base.length()).replaceFirst("^/", "") : ".";
            counts.merge(rel, 1, Integer::sum);
        }
        return counts;
    }

    /** Reads every row of every committed file under {@code dir} as rows of {@code schema}. */
    public static List<Row> readAll(Path dir, RecordSchema schema) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Path p : committedFiles(dir)) {
            rows.addAll(read(p, schema));
        }
        return rows;
    }

    /** Reads one Parquet file as rows of {@code schema} (columns matched by name; absent ones are null). */
    public static List<Row> read(Path file, RecordSchema schema) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (ParquetReader<Group> reader = new GroupReaderBuilder(new FlinkInputFile(file)).build()) {
            Group g;
            while ((g = reader.read()) != null) {
                rows.add(toRow(g, schema));
            }
        }
        return rows;
    }

    /** parquet-java only offers the example Group reader over Hadoop paths; this one reads any InputFile. */
    private static final class GroupReaderBuilder extends ParquetReader.Builder<Group> {
        GroupReaderBuilder(org.apache.parquet.io.InputFile file) {
            super(file);
        }

        @Override
        protected org.apache.parquet.hadoop.api.ReadSupport<Group> getReadSupport() {
            return new GroupReadSupport();
        }
    }

    static Row toRow(Group g, RecordSchema schema) {
        Row row = Row.withPositions(schema.arity());
        org.apache.parquet.schema.GroupType type = g.getType();
        for (int i = 0; i < schema.arity(); i++) {
            Field f = schema.field(i);
            if (!type.containsField(f.name())) {
                continue;
            }
            int idx = type.getFieldIndex(f.name());
            if (g.getFieldRepetitionCount(idx) == 0) {
                continue;
            }
            row.setField(i, value(g, idx, f));
        }
        return row;
    }

    private static Object value(Group g, int idx, Field f) {
        switch (f.type()) {
            case STRING:
                return g.getString(idx, 0);
            case BOOLEAN:
                return g.getBoolean(idx, 0);
            case INT:
                return g.getInteger(idx, 0);
            case LONG:
                return g.getLong(idx, 0);
            case DOUBLE:
                return g.getDouble(idx, 0);
            case DECIMAL:
                return f.precision() <= 18
                        ? BigDecimal.valueOf(g.getLong(idx, 0), f.scale())
                        : new BigDecimal(new BigInteger(g.getBinary(idx, 0).getBytes()), f.scale());
            case TIMESTAMP:
                return Instant.ofEpochMilli(g.getLong(idx, 0));
            case DATE:
                return LocalDate.ofEpochDay(g.getInteger(idx, 0));
            default:
                throw new IllegalStateException("unhandled type " + f.type());
        }
    }
}
