package dev.tributary.jobs.lake.iceberg;

import dev.tributary.jobs.bronze.BronzeInput;
import dev.tributary.jobs.bronze.BronzeJob;
import dev.tributary.jobs.bronze.BronzeSources;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.definition.LakeDef;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeTable;
import dev.tributary.jobs.lake.LakeSinks;
import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.demo.datagen.ReferenceSchemas;
import dev.tributary.testing.IcebergTestReader;
import dev.tributary.testing.PostgresTestServer;
import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.PiiKey;
import dev.tributary.transforms.api.PiiPolicy;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bronze into an Iceberg lake on each catalog this library supports, on real components: a Hadoop catalog in a
 * local folder and a JDBC catalog in PostgreSQL ({@code s3a://}: {@link IcebergS3aCatalogIT}). Every table is read
 * back with Iceberg's generic reader from a freshly opened catalog.
 * Also: hidden day partitioning, batch = stream, and schema evolution on the next start.
 */
class IcebergLakeITCase {

    @RegisterExtension @Order(1) static final PostgresTestServer PG = new PostgresTestServer();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final DatasetDef ORDERS = orders(ReferenceSchemas.ORDERS_SCHEMA);
    static final PiiKey KEY = new PiiKey("v1", "test-secret-0123456789");

    static final String O1 = "{\"order_id\":\"o-1\",\"customer_id\":\"c-1\",\"order_ts\":\"2026-01-05T10:00:00Z\",\"amount\":12.5,"
            + "\"currency\":\"EUR\",\"status\":\"new\",\"email\":\"ada@example.com\",\"phone\":\"+44 7700 900123\"}";
    static final String O2 = "{\"order_id\":\"o-2\",\"customer_id\":\"c-2\",\"order_ts\":\"2026-01-06T23:59:59.999Z\",\"amount\":\"7.00\","
            + "\"currency\":\"USD\",\"email\":\"bob@example.com\"}";
    static final String TRUNCATED = "{\"order_id\":\"o-3\",\"email\":\"carol@example.com\",\"amount\":";
    static final String MISSING = "{\"order_id\":\"o-4\",\"order_ts\":\"2026-01-05T10:00:00Z\",\"amount\":1,\"currency\":\"EUR\"}";

    @TempDir java.nio.file.Path tmp;

    @Test
    void hadoopCatalogInALocalFolderPartitionsByDayAndEvolvesANullableColumnWithoutARewrite() throws Exception {
        LakeDef lake = new LakeDef(tmp.resolve("lake").toUri().toString(), 0, MemorySize.ZERO)
                .withIceberg(IcebergCatalog.hadoopInLakeRoot(), null);
        runBronze(lake, ORDERS, RuntimeExecutionMode.BATCH, O1, O2, O1, TRUNCATED, MISSING);

        IcebergLake ice = lake.iceberg();
        TableIdentifier orders = ice.identifier(bronze(ORDERS));
        try (Closing c = open(lake)) {
            assertBronze(c.catalog, lake, orders);
            Table t = c.catalog.loadTable(orders);
            assertThat(t.spec().fields()).singleElement().satisfies(f -> {
                assertThat(f.transform().toString()).isEqualTo("day");
                assertThat(t.schema().findColumnName(f.sourceId())).isEqualTo("order_ts");
            });
            assertThat(t.currentSnapshot().summary()).containsEntry(IcebergLake.SUMMARY_TABLE, "bronze/orders");
            assertThat(Files.exists(tmp.resolve("lake/bronze/orders/metadata"))).isTrue();
        }

        // Next start: the source declares a new nullable column. The table gains it; old rows read null.
        DatasetDef evolved = orders(ReferenceSchemas.ORDERS_SCHEMA.append(List.of(Field.optional("coupon", FieldType.STRING))));
        String o5 = "{\"order_id\":\"o-5\",\"customer_id\":\"c-5\",\"order_ts\":\"2026-01-07T08:00:00Z\",\"amount\":3,"
                + "\"currency\":\"EUR\",\"coupon\":\"WINTER\"}";
        try (Closing c = open(lake)) {
            Snapshot before = c.catalog.loadTable(orders).currentSnapshot();
            runBronze(lake, evolved, RuntimeExecutionMode.BATCH, o5);
            c.catalog.loadTable(orders).refresh();
            Table t = c.catalog.loadTable(orders);
            assertThat(t.schema().findField("coupon").isOptional()).isTrue();
            assertThat(t.currentSnapshot().parentId()).isEqualTo(before.snapshotId());
            assertThat(t.currentSnapshot().summary()).containsEntry("added-data-files", "1")
                    .doesNotContainKey("deleted-data-files");
            Map<Object, Object> coupons = new java.util.HashMap<>();
            IcebergTestReader.read(c.catalog, orders).forEach(r -> coupons.put(r.get("order_id"), r.get("coupon")));
            assertThat(coupons).containsOnlyKeys("o-1", "o-2", "o-5").containsEntry("o-5", "WINTER").containsEntry("o-1", null);
        }

        // An incompatible change (amount: DECIMAL -> STRING) is refused before anything is written, with the reason.
        List<Field> changed = new ArrayList<>(ReferenceSchemas.ORDERS_SCHEMA.fields());
        changed.set(3, Field.required("amount", FieldType.STRING));
        DatasetDef incompatible = orders(new RecordSchema("orders", changed));
        assertThat(ice.check(lake.layout(), bronze(incompatible)))
                .singleElement().asString().contains("bronze.orders", "column 'amount' is decimal(12, 2) in the table and string");
        assertThatThrownBy(() -> runBronze(lake, incompatible, RuntimeExecutionMode.BATCH, O1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column 'amount'");
    }

    @Test
    void batchAndStreamLandTheSameRows() throws Exception {
        LakeDef batch = new LakeDef(tmp.resolve("batch").toUri().toString(), 0, MemorySize.ZERO)
                .withIceberg(IcebergCatalog.hadoopInLakeRoot(), null);
        LakeDef stream = new LakeDef(tmp.resolve("stream").toUri().toString(), 0, MemorySize.ZERO)
                .withIceberg(IcebergCatalog.hadoopInLakeRoot(), "streamed");
        String[] lines = generated(300, 7);
        runBronze(batch, ORDERS, RuntimeExecutionMode.BATCH, lines);
        runBronze(stream, ORDERS, RuntimeExecutionMode.STREAMING, lines);

        try (Closing b = open(batch); Closing s = open(stream)) {
            TableIdentifier bt = batch.iceberg().identifier(bronze(ORDERS));
            TableIdentifier st = stream.iceberg().identifier(bronze(ORDERS));
            assertThat(st.toString()).isEqualTo("streamed.bronze.orders");
            List<String> b1 = declared(IcebergTestReader.read(b.catalog, bt));
            assertThat(b1).hasSize(258);
            assertThat(declared(IcebergTestReader.read(s.catalog, st))).containsExactlyInAnyOrderElementsOf(b1);
        }
    }

    @Test
    void jdbcCatalogInPostgresql() throws Exception {
        LakeDef lake = new LakeDef(tmp.resolve("jdbc-lake").toUri().toString(), 0, MemorySize.ZERO)
                .withIceberg(IcebergCatalog.builder(IcebergCatalog.Type.JDBC).uri(PG.jdbcUrl())
                        .property("jdbc.user", PG.user()).property("jdbc.password", PG.password()).build(), "shop");
        runBronze(lake, ORDERS, RuntimeExecutionMode.BATCH, O1, O2, O1, TRUNCATED, MISSING);

        try (Closing c = open(lake)) {
            assertBronze(c.catalog, lake, lake.iceberg().identifier(bronze(ORDERS)));
        }
        assertThat(PG.query("SELECT table_namespace, table_name FROM iceberg_tables ORDER BY table_name"))
                .extracting(r -> r.get("table_namespace") + "." + r.get("table_name"))
                .containsExactly("shop.bronze._quarantine_orders", "shop.bronze.orders");
    }

    static void assertBronze(Catalog catalog, LakeDef lake, TableIdentifier orders) {
        List<Map<String, Object>> rows = IcebergTestReader.read(catalog, orders);
        assertThat(rows).extracting(r -> r.get("order_id")).containsExactlyInAnyOrder("o-1", "o-2");
        Map<String, Object> first = rows.stream().filter(r -> "o-1".equals(r.get("order_id"))).findFirst().orElseThrow();
        assertThat(first.get("order_ts")).isEqualTo(Instant.parse("2026-01-05T10:00:00Z"));
        assertThat(first.get("amount")).isEqualTo(new BigDecimal("12.50"));
        assertThat((String) first.get("email")).startsWith("tok:v1:").doesNotContain("ada");
        assertThat(first.get("_source_offset")).isEqualTo(1L);
        Map<String, Object> second = rows.stream().filter(r -> "o-2".equals(r.get("order_id"))).findFirst().orElseThrow();
        assertThat(second.get("order_ts")).isEqualTo(Instant.parse("2026-01-06T23:59:59.999Z"));

        List<Map<String, Object>> quarantine = IcebergTestReader.read(catalog,
                lake.iceberg().identifier(LakeTable.side("bronze", "_quarantine", "orders", BronzeSchemas.QUARANTINE,
                        "quarantine_date", "quarantined_at")));
        assertThat(quarantine).extracting(r -> (String) r.get("reason")).hasSize(2)
                .anySatisfy(r -> assertThat(r).startsWith("parse-error"))
                .anySatisfy(r -> assertThat(r).isEqualTo("missing-field: 'customer_id' is required"));
        assertThat(quarantine).allSatisfy(r -> assertThat(r.toString()).doesNotContain("carol@example.com"));
    }

    private void runBronze(LakeDef lake, DatasetDef ds, RuntimeExecutionMode mode, String... lines) throws Exception {
        runBronze(tmp, lake, ds, mode, lines);
    }

    static void runBronze(java.nio.file.Path tmp, LakeDef lake, DatasetDef ds, RuntimeExecutionMode mode, String... lines)
            throws Exception {
        java.nio.file.Path in = Files.createTempFile(tmp, "orders", ".jsonl");
        Files.write(in, List.of(lines));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(mode);
        env.setParallelism(2);
        if (mode == RuntimeExecutionMode.STREAMING) {
            env.enableCheckpointing(200);
        }
        LakeSinks sinks = lake.sinks();
        new BronzeJob(List.of(new BronzeInput(ds, BronzeSources.files(ds, new Path(in.toUri())), "orders-files")),
                lake.layout(), sinks, KEY, "test-").build(env);
        env.execute("bronze-iceberg");
    }

    static LakeTable bronze(DatasetDef ds) {
        return LakeTable.of("bronze", "orders", BronzeSchemas.landed(ds.schema()), "event_date", "order_ts");
    }

    private static DatasetDef orders(RecordSchema schema) {
        return DatasetDef.builder(schema)
                .eventTime("order_ts", Duration.ofSeconds(5))
                .dedupe(List.of("order_id"), Duration.ofHours(1))
                .pii(PiiPolicy.builder().hash("email").mask("phone", 4).build())
                .build();
    }

    /**
     * {@code n} orders in event-time order over three days, every {@code dupEvery}-th a re-send of the one before
     * (within the dedupe retention, so both modes drop it: 258 distinct of 300 at 7).
     */
    private static String[] generated(int n, int dupEvery) {
        String[] out = new String[n];
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            int id = (i + 1) % dupEvery == 0 && distinct > 0 ? distinct - 1 : distinct++;
            Instant ts = Instant.parse("2026-01-05T00:00:00Z").plusSeconds(id * 15L * 60);
            out[i] = String.format("{\"order_id\":\"o-%d\",\"customer_id\":\"c-%d\",\"order_ts\":\"%s\","
                    + "\"amount\":%d.%02d,\"currency\":\"EUR\"}", id, id % 17, ts, id, id % 100);
        }
        return out;
    }

    /** The declared columns of each row, as text (metadata columns differ between runs by design). */
    private static List<String> declared(List<Map<String, Object>> rows) {
        return rows.stream()
                .map(r -> ReferenceSchemas.ORDERS_SCHEMA.fieldNames().stream().map(f -> String.valueOf(r.get(f)))
                        .collect(Collectors.joining("|")))
                .collect(Collectors.toList());
    }

    static Closing open(LakeDef lake) {
        return new Closing(lake.catalog().loader(lake.layout().root()).loadCatalog());
    }

    /** A freshly loaded catalog (not the sink's), closed after the test's reads. */
    static final class Closing implements AutoCloseable {
        final Catalog catalog;

        Closing(Catalog catalog) {
            this.catalog = catalog;
        }

        @Override
        public void close() throws Exception {
            if (catalog instanceof AutoCloseable) {
                ((AutoCloseable) catalog).close();
            }
        }
    }
}
