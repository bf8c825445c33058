package dev.tributary.testing;

import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Iceberg tables back with Iceberg's generic reader ({@link IcebergGenerics}: the table's current snapshot,
 * its manifests and Parquet data files), not the Flink sink's code, into the same shape as {@code ParquetTestReader}:
 * one map per row, timestamps as {@link java.time.Instant}, strings as {@link String}.
 */
public final class IcebergTestReader {

    private IcebergTestReader() {}

    /** All rows of the table's current snapshot; empty when the table does not exist or has no snapshot yet. */
    public static List<Map<String, Object>> read(Catalog catalog, TableIdentifier id) {
        if (!catalog.tableExists(id)) {
            return List.of();
        }
        Table table = catalog.loadTable(id);
        if (table.currentSnapshot() == null) {
            return List.of();
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            List<Types.NestedField> cols = table.schema().columns();
            for (Record r : records) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < cols.size(); i++) {
                    row.put(cols.get(i).name(), normalize(r.get(i)));
                }
                rows.add(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** Row count of the current snapshot, 0 before the first commit (for polling). */
    public static long count(Catalog catalog, TableIdentifier id) {
        return read(catalog, id).size();
    }

    /** The snapshots of a table, oldest first. */
    public static List<Snapshot> snapshots(Catalog catalog, TableIdentifier id) {
        List<Snapshot> out = new ArrayList<>();
        catalog.loadTable(id).snapshots().forEach(out::add);
        return out;
    }

    private static Object normalize(Object v) {
        if (v instanceof OffsetDateTime) {
            return ((OffsetDateTime) v).toInstant();
        }
        if (v instanceof CharSequence) {
            return v.toString();
        }
        return v;
    }
}
