package dev.tributary.jobs.cli;

import dev.tributary.jobs.definition.LakeDef;
import dev.tributary.jobs.lake.iceberg.IcebergCompleteness;
import dev.tributary.jobs.lake.iceberg.IcebergLake;
import dev.tributary.jobs.lake.iceberg.IcebergMaintenance;

import org.apache.flink.annotation.Internal;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;

import java.io.PrintStream;
import java.util.Locale;

/** Prints each Iceberg table of a lake with its current snapshot: what a reader of the table sees now. */
@Internal
public final class IcebergSnapshots {

    private IcebergSnapshots() {}

    /** {@code ", complete through D"} for tables that publish completeness, else empty. */
    private static String completeness(Table t) {
        String through = t.properties().get(IcebergCompleteness.COMPLETE_THROUGH);
        return through == null ? "" : ", complete through " + through;
    }

    public static void print(LakeDef lake, PrintStream out) {
        IcebergLake ice = lake.iceberg();
        out.println("Iceberg tables (" + ice + ", warehouse " + lake.layout().root() + "):");
        ice.withCatalog(lake.layout(), catalog -> {
            for (TableIdentifier id : IcebergMaintenance.tables(ice, catalog)) {
                Table t = catalog.loadTable(id);
                Snapshot s = t.currentSnapshot();
                out.printf(Locale.ROOT, "  %-40s %s%n", id, s == null ? "no snapshot yet"
                        : String.format(Locale.ROOT, "snapshot %d, %s rows, %s data files%s", s.snapshotId(),
                                s.summary().getOrDefault("total-records", "?"), s.summary().getOrDefault("total-data-files", "?"),
                                completeness(t)));
            }
            return null;
        });
    }
}
