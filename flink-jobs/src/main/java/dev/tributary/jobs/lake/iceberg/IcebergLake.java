package dev.tributary.jobs.lake.iceberg;

import dev.tributary.jobs.lake.LakeFormat;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeTable;
import dev.tributary.jobs.lake.LakeTableWriter;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.IcebergSink;

import javax.annotation.Nullable;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * An Iceberg lake: every lake table is an Iceberg table {@code [<namespace>.]<layer>.<table>} in a catalog, with
 * Parquet data files, hidden partitioning by the UTC day of its event-time column, written by Iceberg's Flink sink
 * (Sink V2: writers hand data files to one committer, which commits them as one snapshot when the checkpoint
 * completes; the snapshot records the job and checkpoint so a restore never commits twice).
 *
 * <pre>
 *   rows ─ {@link RowToRowData} ─ IcebergSink writer (p) ─(data files per checkpoint)─ committer (1) ─ snapshot
 * </pre>
 *
 * <p>The layer is a namespace ({@code bronze}, {@code silver}, {@code gold}), so the tables read like the Parquet
 * lake's folders and a one-level engine (Trino, DuckDB) can address them; side tables are flattened:
 * {@code bronze._quarantine_orders}, {@code silver._late_orders}. Tables are created on the first start and evolved
 * on later starts ({@link IcebergSchemas}): a new nullable column is added without a rewrite; an incompatible change
 * stops the job build with the reason.
 */
@PublicEvolving
public final class IcebergLake implements LakeTableWriter {
    private static final long serialVersionUID = 1L;

    /** Snapshot summary key: the lake table the snapshot belongs to ({@code layer/[group/]name}). */
    public static final String SUMMARY_TABLE = "tributary.table";

    private final IcebergCatalog catalog;
    private final String[] namespace;

    /** @param namespace dot-separated levels above the layer, or null/empty for the layer alone */
    public IcebergLake(IcebergCatalog catalog, @Nullable String namespace) {
        this.catalog = checkNotNull(catalog, "catalog");
        this.namespace = namespace == null || namespace.isBlank() ? new String[0] : namespace.split("\\.");
    }

    public IcebergCatalog catalog() {
        return catalog;
    }

    @Override
    public LakeFormat format() {
        return LakeFormat.ICEBERG;
    }

    /** The catalog identifier of a lake table. */
    public TableIdentifier identifier(LakeTable table) {
        return TableIdentifier.of(layerNamespace(table.layer()), table.flatName());
    }

    /** The namespace holding a layer's tables: {@code [<namespace>.]<layer>}. */
    public Namespace layerNamespace(String layer) {
        String[] levels = Arrays.copyOf(namespace, namespace.length + 1);
        levels[namespace.length] = layer;
        return Namespace.of(levels);
    }

    @Override
    public DataStreamSink<?> write(DataStream<Row> rows, LakeLayout lake, LakeTable table, String uid) {
        // The table is created or evolved here, on the client, before the job starts; the sink loads it again on
        // the task managers through its own loader (this catalog is closed after, with its connections).
        Schema schema = withCatalog(lake, c -> createOrEvolve(c, table).schema());
        TableLoader loader = TableLoader.fromCatalog(catalog.loader(lake.root()), identifier(table));
        RowType rowType = FlinkSchemaUtil.convert(schema);
        DataStream<RowData> data = rows
                .map(new RowToRowData(schema, table.schema()), InternalTypeInfo.of(rowType))
                .uid(uid + "-rowdata").name(table + ": to iceberg rows");
        if (table.hasCommitMarkers()) {
            data = CompletenessIcebergSink.publishingCompleteness(data, loader, table.markerUid());
        }
        return IcebergSink.forRowData(data)
                .tableLoader(loader)
                .uidSuffix(uid)
                .setSnapshotProperty(SUMMARY_TABLE, table.toString())
                .append();
    }

    /**
     * Loads {@code table}, creating it (with its namespace) on first use and applying compatible schema changes;
     * throws {@link IllegalArgumentException} naming the table and each incompatible change.
     */
    public Table createOrEvolve(Catalog c, LakeTable table) {
        TableIdentifier id = identifier(table);
        if (!c.tableExists(id)) {
            if (c instanceof SupportsNamespaces && !((SupportsNamespaces) c).namespaceExists(id.namespace())) {
                try {
                    ((SupportsNamespaces) c).createNamespace(id.namespace());
                } catch (AlreadyExistsException raced) {
                    // another job of the same lake created it first
                }
            }
            Schema schema = IcebergSchemas.schema(table.schema());
            Map<String, String> properties = new HashMap<>(Map.of(TableProperties.FORMAT_VERSION, "2",
                    // every checkpoint commits a snapshot: keep the metadata folder bounded
                    TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true",
                    TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "50"));
            if (table.hasCommitMarkers()) {
                // completeness needs a snapshot per checkpoint (see CommittedWatermarkPublisher's final sweep)
                properties.put(IcebergCompleteness.EMPTY_COMMITS, "1");
            }
            try {
                return c.createTable(id, schema, IcebergSchemas.spec(schema, table.partitionColumn()), null, properties);
            } catch (AlreadyExistsException raced) {
                // fall through: evolve what the other creator made
            }
        }
        Table t = c.loadTable(id);
        List<String> problems = IcebergSchemas.incompatibilities(t.schema(), table.schema());
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Iceberg table " + id + " cannot take the rows of " + table + ": "
                    + String.join("; ", problems));
        }
        UpdateSchema update = t.updateSchema();
        if (IcebergSchemas.evolve(t.schema(), table.schema(), update)) {
            update.commit();
            t.refresh();
        }
        if (table.hasCommitMarkers() && !"1".equals(t.properties().get(IcebergCompleteness.EMPTY_COMMITS))) {
            // completeness needs a snapshot per checkpoint (see CommittedWatermarkPublisher's final sweep)
            t.updateProperties().set(IcebergCompleteness.EMPTY_COMMITS, "1").commit();
            t.refresh();
        }
        return t;
    }

    /** The problems (empty: none) that would stop {@code table} from being written, without changing anything. */
    public List<String> check(LakeLayout lake, LakeTable table) {
        return withCatalog(lake, c -> {
            TableIdentifier id = identifier(table);
            if (!c.tableExists(id)) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (String p : IcebergSchemas.incompatibilities(c.loadTable(id).schema(), table.schema())) {
                out.add(id + ": " + p);
            }
            return out;
        });
    }

    /** Runs {@code action} with this lake's catalog, closing it after (a JDBC catalog holds connections). */
    public <T> T withCatalog(LakeLayout lake, CatalogAction<T> action) {
        Catalog c = catalog.loader(lake.root()).loadCatalog();
        try {
            return action.apply(c);
        } finally {
            if (c instanceof Closeable) {
                try {
                    ((Closeable) c).close();
                } catch (IOException e) {
                    throw new UncheckedIOException("closing the Iceberg catalog " + catalog, e);
                }
            }
        }
    }

    /** Something done with an open catalog. */
    @FunctionalInterface
    public interface CatalogAction<T> {
        T apply(Catalog catalog);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IcebergLake && catalog.equals(((IcebergLake) o).catalog)
                && Arrays.equals(namespace, ((IcebergLake) o).namespace);
    }

    @Override
    public int hashCode() {
        return Objects.hash(catalog, Arrays.hashCode(namespace));
    }

    @Override
    public String toString() {
        return "iceberg lake (" + catalog + (namespace.length == 0 ? "" : ", namespace " + String.join(".", namespace)) + ")";
    }
}
