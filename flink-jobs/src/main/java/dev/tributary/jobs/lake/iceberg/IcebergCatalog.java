package dev.tributary.jobs.lake.iceberg;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.flink.CatalogLoader;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * The Iceberg catalog that holds an Iceberg lake's tables: a Hadoop catalog (metadata files in the warehouse, no
 * server; local, {@code hdfs://} or {@code s3a://}), a JDBC catalog (table pointers in a database, e.g. PostgreSQL)
 * or a REST catalog. The warehouse defaults to the lake root.
 *
 * <p>{@code hadoop} settings go into the Hadoop {@link Configuration} that Iceberg's {@code HadoopFileIO} uses to
 * reach the warehouse (e.g. {@code fs.s3a.endpoint}); they are separate from Flink's {@code s3.*} settings, which
 * only Flink's S3 plugin (checkpoints, the Parquet lake) sees. {@code properties} are passed to the catalog as
 * they are (e.g. {@code jdbc.user}).
 */
@PublicEvolving
public final class IcebergCatalog implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The catalog's name inside the job (Iceberg needs one; readers choose their own). */
    public static final String NAME = "tributary";

    /** Catalog implementations. */
    @PublicEvolving
    public enum Type {
        HADOOP, JDBC, REST;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Type parse(String s) {
            for (Type t : values()) {
                if (t.key().equalsIgnoreCase(s.trim())) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown catalog type '" + s + "', expected hadoop, jdbc or rest");
        }
    }

    private final Type type;
    @Nullable private final String warehouse;
    @Nullable private final String uri;
    private final Map<String, String> properties;
    private final Map<String, String> hadoop;

    private IcebergCatalog(Type type, @Nullable String warehouse, @Nullable String uri, Map<String, String> properties,
            Map<String, String> hadoop) {
        this.type = type;
        this.warehouse = warehouse;
        this.uri = uri;
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        this.hadoop = Collections.unmodifiableMap(new LinkedHashMap<>(hadoop));
    }

    /** A Hadoop catalog with its warehouse at the lake root: the embedded default. */
    public static IcebergCatalog hadoopInLakeRoot() {
        return builder(Type.HADOOP).build();
    }

    public static Builder builder(Type type) {
        return new Builder(type);
    }

    public Type type() {
        return type;
    }

    /** The warehouse location, or null for the lake root. */
    @Nullable
    public String warehouse() {
        return warehouse;
    }

    @Nullable
    public String uri() {
        return uri;
    }

    public Map<String, String> properties() {
        return properties;
    }

    public Map<String, String> hadoopSettings() {
        return hadoop;
    }

    /** The catalog properties Iceberg sees, with the warehouse defaulting to {@code lakeRoot}. */
    public Map<String, String> catalogProperties(String lakeRoot) {
        Map<String, String> p = new LinkedHashMap<>(properties);
        p.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse != null ? warehouse : lakeRoot);
        if (uri != null) {
            p.put(CatalogProperties.URI, uri);
        }
        return p;
    }

    /** The Hadoop configuration the catalog's file IO uses: Hadoop's defaults (they map s3a:// to S3A) plus ours. */
    public Configuration hadoopConfiguration() {
        Configuration conf = new Configuration();
        hadoop.forEach(conf::set);
        return conf;
    }

    /** A serializable loader of this catalog, for the sink's committer on the task managers. */
    public CatalogLoader loader(String lakeRoot) {
        Map<String, String> p = catalogProperties(lakeRoot);
        switch (type) {
            case HADOOP:
                return CatalogLoader.hadoop(NAME, hadoopConfiguration(), p);
            case JDBC:
                return CatalogLoader.custom(NAME, p, hadoopConfiguration(), "org.apache.iceberg.jdbc.JdbcCatalog");
            case REST:
                return CatalogLoader.rest(NAME, hadoopConfiguration(), p);
            default:
                throw new IllegalStateException("unknown catalog type " + type);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof IcebergCatalog)) {
            return false;
        }
        IcebergCatalog c = (IcebergCatalog) o;
        return type == c.type && Objects.equals(warehouse, c.warehouse) && Objects.equals(uri, c.uri)
                && properties.equals(c.properties) && hadoop.equals(c.hadoop);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, warehouse, uri, properties, hadoop);
    }

    /** Secrets stay out: only the type, warehouse and uri. */
    @Override
    public String toString() {
        return type.key() + " catalog" + (warehouse == null ? "" : " warehouse=" + warehouse)
                + (uri == null ? "" : " uri=" + uri);
    }

    /** Builds an {@link IcebergCatalog}; {@code build()} checks that JDBC and REST catalogs have a uri. */
    @PublicEvolving
    public static final class Builder {
        private final Type type;
        @Nullable private String warehouse;
        @Nullable private String uri;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Map<String, String> hadoop = new LinkedHashMap<>();

        private Builder(Type type) {
            this.type = checkNotNull(type, "type");
        }

        /** Where table data and metadata go (default: the lake root). */
        public Builder warehouse(String location) {
            this.warehouse = checkNotNull(location, "location");
            return this;
        }

        /** The JDBC URL of a JDBC catalog, the endpoint of a REST catalog. */
        public Builder uri(String catalogUri) {
            this.uri = checkNotNull(catalogUri, "catalogUri");
            return this;
        }

        public Builder property(String key, String value) {
            properties.put(checkNotNull(key, "key"), checkNotNull(value, "value"));
            return this;
        }

        public Builder properties(Map<String, String> all) {
            all.forEach(this::property);
            return this;
        }

        /** A Hadoop setting for the catalog's file IO, e.g. {@code fs.s3a.endpoint}. */
        public Builder hadoop(String key, String value) {
            hadoop.put(checkNotNull(key, "key"), checkNotNull(value, "value"));
            return this;
        }

        public Builder hadoop(Map<String, String> all) {
            all.forEach(this::hadoop);
            return this;
        }

        public IcebergCatalog build() {
            checkArgument(type == Type.HADOOP || uri != null,
                    "a %s catalog needs a uri (%s)", type.key(),
                    type == Type.JDBC ? "jdbc:postgresql://host:port/db" : "http(s)://host:port of the REST catalog");
            checkArgument(!properties.containsKey(CatalogProperties.WAREHOUSE_LOCATION)
                            && !properties.containsKey(CatalogProperties.URI),
                    "set the warehouse and uri with their own keys, not as catalog properties");
            return new IcebergCatalog(type, warehouse, uri, properties, hadoop);
        }
    }
}
