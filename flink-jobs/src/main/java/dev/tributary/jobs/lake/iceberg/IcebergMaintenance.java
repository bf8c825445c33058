package dev.tributary.jobs.lake.iceberg;

import dev.tributary.jobs.lake.LakeLayout;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * Small-file maintenance of an Iceberg lake: for every table of every layer, rewrite-data-files (each partition's
 * small files merged into one, committed as one {@code replace} snapshot that readers never see half of; see
 * {@link DataFileRewriter}), then expire-snapshots (drop snapshots older than a bound, and the files only they
 * referenced).
 *
 * <p>Expiry never drops the newest snapshot that a Flink sink committed: on restore, Iceberg's committer finds
 * the last checkpoint it committed in that snapshot's summary ({@code flink.max-committed-checkpoint-id}); without
 * it a restored job would commit its last checkpoint's files a second time.
 */
@PublicEvolving
public final class IcebergMaintenance {

    /** Summary key written by Iceberg's Flink committer. */
    static final String FLINK_CHECKPOINT = "flink.max-committed-checkpoint-id";

    private IcebergMaintenance() {}

    /** What maintenance did to one table. */
    @PublicEvolving
    public static final class Result {
        public final TableIdentifier table;
        public final int filesBefore;
        public final int filesAfter;
        public final int snapshotsBefore;
        public final int snapshotsAfter;
        public final long currentSnapshotId;

        Result(TableIdentifier table, int filesBefore, int filesAfter, int snapshotsBefore, int snapshotsAfter,
                long currentSnapshotId) {
            this.table = table;
            this.filesBefore = filesBefore;
            this.filesAfter = filesAfter;
            this.snapshotsBefore = snapshotsBefore;
            this.snapshotsAfter = snapshotsAfter;
            this.currentSnapshotId = currentSnapshotId;
        }

        @Override
        public String toString() {
            return table + ": data files " + filesBefore + " -> " + filesAfter + ", snapshots " + snapshotsBefore
                    + " -> " + snapshotsAfter + ", current snapshot " + currentSnapshotId;
        }
    }

    /**
     * Maintains every table of the {@code bronze}, {@code silver} and {@code gold} namespaces of {@code lake};
     * snapshots older than {@code expireOlderThan} are expired, keeping at least {@code retainLast} (and the newest
     * Flink-committed one).
     */
    public static List<Result> run(IcebergLake lake, LakeLayout layout, Duration expireOlderThan, int retainLast) {
        if (retainLast < 1) {
            throw new IllegalArgumentException("retain-last must be >= 1, found " + retainLast);
        }
        return lake.withCatalog(layout, catalog -> {
            List<Result> out = new ArrayList<>();
            for (TableIdentifier id : tables(lake, catalog)) {
                out.add(maintain(catalog.loadTable(id), id, expireOlderThan, retainLast));
            }
            return out;
        });
    }

    /** The lake's tables, layer by layer, sorted by name. */
    public static List<TableIdentifier> tables(IcebergLake lake, Catalog catalog) {
        List<TableIdentifier> out = new ArrayList<>();
        for (String layer : List.of(LakeLayout.BRONZE, LakeLayout.SILVER, LakeLayout.GOLD)) {
            Namespace ns = lake.layerNamespace(layer);
            try {
                List<TableIdentifier> ids = new ArrayList<>(catalog.listTables(ns));
                ids.sort(java.util.Comparator.comparing(TableIdentifier::name));
                out.addAll(ids);
            } catch (org.apache.iceberg.exceptions.NoSuchNamespaceException absent) {
                // a layer this pipeline does not write
            }
        }
        return out;
    }

    static Result maintain(Table table, TableIdentifier id, Duration expireOlderThan, int retainLast) {
        int filesBefore = dataFiles(table);
        int snapshotsBefore = count(table);
        if (table.currentSnapshot() != null) {
            DataFileRewriter.rewrite(table);
            table.refresh();
            long cutoff = System.currentTimeMillis() - expireOlderThan.toMillis();
            Snapshot lastFlink = lastFlinkCommit(table);
            if (lastFlink != null) {
                cutoff = Math.min(cutoff, lastFlink.timestampMillis());
            }
            table.expireSnapshots().expireOlderThan(cutoff).retainLast(retainLast).commit();
            table.refresh();
        }
        return new Result(id, filesBefore, dataFiles(table), snapshotsBefore, count(table),
                table.currentSnapshot() == null ? -1 : table.currentSnapshot().snapshotId());
    }

    /** The newest snapshot in the current lineage that a Flink sink committed, or null. */
    static Snapshot lastFlinkCommit(Table table) {
        Snapshot s = table.currentSnapshot();
        while (s != null) {
            if (s.summary().containsKey(FLINK_CHECKPOINT)) {
                return s;
            }
            s = s.parentId() == null ? null : table.snapshot(s.parentId());
        }
        return null;
    }

    /** Data files of the current snapshot. */
    public static int dataFiles(Table table) {
        if (table.currentSnapshot() == null) {
            return 0;
        }
        int n = 0;
        try (org.apache.iceberg.io.CloseableIterable<org.apache.iceberg.FileScanTask> tasks = table.newScan().planFiles()) {
            for (org.apache.iceberg.FileScanTask ignored : tasks) {
                n++;
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return n;
    }

    private static int count(Table table) {
        return (int) StreamSupport.stream(table.snapshots().spliterator(), false).count();
    }
}
