package dev.tributary.jobs.lake.iceberg;

import org.apache.flink.annotation.Internal;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.util.StructLikeWrapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * rewrite-data-files, bin-packing by partition: every partition of the current snapshot with more than one data
 * file gets them merged into one, committed as a single {@code replace} snapshot validated against the snapshot it
 * read (a concurrent append is kept; a concurrent rewrite of the same files fails this commit, not the writer's).
 *
 * <p>Why not Iceberg's Flink {@code RewriteDataFilesAction}: it ships Iceberg's package-private file classes
 * through Kryo, which fails on Java 17 ({@code IllegalAccessError} on {@code GenericDataFile}); this rewrite uses
 * only Iceberg's core and generic data APIs, in the calling JVM. Tables with delete files are left alone (the lake
 * only appends).
 */
@Internal
final class DataFileRewriter {

    private DataFileRewriter() {}

    /** Rewrites; returns the number of files replaced (0: nothing to do). */
    static int rewrite(Table table) {
        Snapshot base = table.currentSnapshot();
        if (base == null) {
            return 0;
        }
        Map<StructLikeWrapper, List<DataFile>> byPartition = new LinkedHashMap<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(base.snapshotId()).planFiles()) {
            for (FileScanTask t : tasks) {
                if (!t.deletes().isEmpty()) {
                    return 0;
                }
                byPartition.computeIfAbsent(StructLikeWrapper.forType(table.spec().partitionType()).set(t.file().partition()),
                        k -> new ArrayList<>()).add(t.file());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<DataFile> replaced = new HashSet<>();
        Set<DataFile> added = new HashSet<>();
        OutputFileFactory files = OutputFileFactory.builderFor(table, 0, System.currentTimeMillis())
                .format(FileFormat.PARQUET).build();
        GenericAppenderFactory appenders = new GenericAppenderFactory(table.schema(), table.spec());
        for (List<DataFile> group : byPartition.values()) {
            if (group.size() < 2) {
                continue;
            }
            StructLike partition = group.get(0).partition();
            DataWriter<Record> writer = appenders.newDataWriter(files.newOutputFile(table.spec(), partition),
                    FileFormat.PARQUET, partition);
            try (DataWriter<Record> w = writer) {
                for (DataFile f : group) {
                    try (CloseableIterable<Record> rows = Parquet.read(table.io().newInputFile(f.location()))
                            .project(table.schema())
                            .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(table.schema(), fileSchema))
                            .build()) {
                        rows.forEach(w::write);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("rewriting " + group.size() + " files of " + table.name(), e);
            }
            replaced.addAll(group);
            added.add(writer.toDataFile());
        }
        if (replaced.isEmpty()) {
            return 0;
        }
        table.newRewrite().validateFromSnapshot(base.snapshotId()).rewriteFiles(replaced, added).commit();
        return replaced.size();
    }
}
