package dev.tributary.jobs.definition;

import dev.tributary.jobs.lake.LakeFormat;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeSinks;
import dev.tributary.jobs.lake.iceberg.IcebergCatalog;
import dev.tributary.jobs.lake.iceberg.IcebergLake;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.MemorySize;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.Objects;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * The lake every layer lands in: a root (local path, {@code file://} or {@code s3a://}), its format, and small-file
 * compaction of a Parquet lake (merge files under {@code smaller-than} every {@code every-checkpoints}; 0 = never).
 *
 * <p>{@link LakeFormat#PARQUET} is the default: folders that need nothing but a file system, read by DuckDB or
 * Spark as they are. {@link LakeFormat#ICEBERG} ({@link #withIceberg}) puts every table in an Iceberg catalog
 * (default: a Hadoop catalog whose warehouse is the root), for engines that expect a table format.
 */
@PublicEvolving
public final class LakeDef implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String root;
    private final int compactEveryCheckpoints;
    private final MemorySize compactSmallerThan;
    private final LakeFormat format;
    /** The catalog of an Iceberg lake; null for Parquet. */
    @Nullable private final IcebergCatalog catalog;
    @Nullable private final String namespace;

    /** A Parquet lake. */
    public LakeDef(String root, int compactEveryCheckpoints, MemorySize compactSmallerThan) {
        this(root, compactEveryCheckpoints, compactSmallerThan, LakeFormat.PARQUET, null, null);
    }

    private LakeDef(String root, int compactEveryCheckpoints, MemorySize compactSmallerThan, LakeFormat format,
            @Nullable IcebergCatalog catalog, @Nullable String namespace) {
        this.root = checkNotNull(root, "root");
        this.compactEveryCheckpoints = compactEveryCheckpoints;
        this.compactSmallerThan = checkNotNull(compactSmallerThan, "compactSmallerThan");
        this.format = checkNotNull(format, "format");
        this.catalog = catalog;
        this.namespace = namespace;
        if (format == LakeFormat.ICEBERG) {
            checkNotNull(catalog, "an Iceberg lake needs a catalog");
        }
    }

    /**
     * The same lake as Iceberg tables in {@code icebergCatalog}, under the dot-separated {@code icebergNamespace}
     * (null: the layer is the namespace). Compaction settings are the Parquet sink's and do not apply.
     */
    public LakeDef withIceberg(IcebergCatalog icebergCatalog, @Nullable String icebergNamespace) {
        return new LakeDef(root, compactEveryCheckpoints, compactSmallerThan, LakeFormat.ICEBERG,
                checkNotNull(icebergCatalog, "icebergCatalog"), icebergNamespace);
    }

    /** The same lake as Parquet folders. */
    public LakeDef asParquet() {
        return new LakeDef(root, compactEveryCheckpoints, compactSmallerThan, LakeFormat.PARQUET, null, null);
    }

    public LakeFormat format() {
        return format;
    }

    /** The Iceberg catalog, or null for a Parquet lake. */
    @Nullable
    public IcebergCatalog catalog() {
        return catalog;
    }

    @Nullable
    public String namespace() {
        return namespace;
    }

    /** The Iceberg lake (catalog and namespace); null for a Parquet lake. */
    @Nullable
    public IcebergLake iceberg() {
        return catalog == null ? null : new IcebergLake(catalog, namespace);
    }

    public String root() {
        return root;
    }

    public int compactEveryCheckpoints() {
        return compactEveryCheckpoints;
    }

    public MemorySize compactSmallerThan() {
        return compactSmallerThan;
    }

    /** The same lake under another root (the CLI's {@code --lake}). */
    public LakeDef withRoot(String newRoot) {
        return new LakeDef(newRoot, compactEveryCheckpoints, compactSmallerThan, format, catalog, namespace);
    }

    /** The layout; a relative local root is resolved against the working directory. */
    public LakeLayout layout() {
        // A URI (file:/x, file:///x, s3a://b/x) stays as it is; anything else is a local path.
        boolean hasScheme = root.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*");
        return new LakeLayout(hasScheme ? root : new java.io.File(root).getAbsoluteFile().toURI().toString());
    }

    /** The sinks every layer writes its tables with, in this lake's format. */
    public LakeSinks sinks() {
        LakeSinks parquet = compactEveryCheckpoints > 0
                ? LakeSinks.compactEvery(compactEveryCheckpoints, compactSmallerThan)
                : LakeSinks.rollOnCheckpoint();
        return format == LakeFormat.ICEBERG ? parquet.withWriter(iceberg()) : parquet;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LakeDef && root.equals(((LakeDef) o).root)
                && compactEveryCheckpoints == ((LakeDef) o).compactEveryCheckpoints
                && compactSmallerThan.equals(((LakeDef) o).compactSmallerThan)
                && format == ((LakeDef) o).format
                && Objects.equals(catalog, ((LakeDef) o).catalog)
                && Objects.equals(namespace, ((LakeDef) o).namespace);
    }

    @Override
    public int hashCode() {
        return Objects.hash(root, compactEveryCheckpoints, compactSmallerThan, format, catalog, namespace);
    }

    @Override
    public String toString() {
        return "LakeDef{" + root + ", " + format.key()
                + (catalog == null ? "" : ", " + catalog + (namespace == null ? "" : ", namespace " + namespace))
                + ", compact every " + compactEveryCheckpoints + " < " + compactSmallerThan + "}";
    }
}
