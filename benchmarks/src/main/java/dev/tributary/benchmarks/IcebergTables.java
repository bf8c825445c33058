package dev.tributary.benchmarks;

import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.iceberg.IcebergCatalog;
import dev.tributary.jobs.lake.iceberg.IcebergLake;
import dev.tributary.jobs.lake.iceberg.IcebergMaintenance;
import dev.tributary.demo.reference.GoldSchemas;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the outcome of an Iceberg variant back through the catalog (the tables' current snapshots, as any
 * reader sees them), in the same shape as the Parquet variants' footer counts, so the same validation applies.
 */
final class IcebergTables {

    private IcebergTables() {}

    /** The lake the Iceberg variants write: a Hadoop catalog whose warehouse is the lake root. */
    static IcebergLake lake() {
        return new IcebergLake(IcebergCatalog.hadoopInLakeRoot(), null);
    }

    /** Committed rows per table, keyed like the Parquet folders ({@code bronze/_quarantine/orders}). */
    static Map<String, Long> rows(LakeLayout layout) {
        IcebergLake ice = lake();
        return ice.withCatalog(layout, c -> {
            Map<String, Long> rows = new TreeMap<>();
            for (TableIdentifier id : IcebergMaintenance.tables(ice, c)) {
                Snapshot s = c.loadTable(id).currentSnapshot();
                if (s != null && s.summary().containsKey(IcebergLake.SUMMARY_TABLE)) {
                    rows.put(s.summary().get(IcebergLake.SUMMARY_TABLE), Long.parseLong(s.summary().getOrDefault("total-records", "0")));
                }
            }
            return rows;
        });
    }

    /** Sum of {@code orders} over the daily conversion mart, read with Iceberg's generic reader. */
    static long goldDailyOrders(LakeLayout layout) {
        IcebergLake ice = lake();
        return ice.withCatalog(layout, c -> {
            TableIdentifier id = TableIdentifier.of(ice.layerNamespace(LakeLayout.GOLD), GoldSchemas.PAYMENT_CONVERSION_DAILY);
            if (!c.tableExists(id)) {
                return 0L;
            }
            Table t = c.loadTable(id);
            long n = 0;
            try (CloseableIterable<Record> records = IcebergGenerics.read(t).build()) {
                for (Record r : records) {
                    n += (Long) r.getField("orders");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return n;
        });
    }
}
