package dev.tributary.demo.cli;

import dev.tributary.jobs.cli.TributaryCli;

import dev.tributary.jobs.lake.iceberg.IcebergCompleteness;
import dev.tributary.testing.IcebergTestReader;

import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code demo} runs {@code examples/ecommerce/pipeline.yaml} (from the jar) through the composer. */
class DemoCommandITCase {

    @Test
    void demoRunsTheReferencePipelineFileWithProgressAndSummary(@TempDir Path tmp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = TributaryCli.run(new String[] {"demo", "--events", "3000", "--lake", tmp.resolve("lake").toString(),
                        "--checkpoint-interval", "500"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as("%s%n%s", text, err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(text).contains("Tributary demo:", "Bronze", "orders", "payments", "customers", "accounting balanced",
                "amount_positive.checked", "Silver", "orders_enriched.out", "Gold", "revenue_hourly.out",
                "silver/orders_enriched", "gold/revenue_hourly", "gold/payment_conversion_daily");
        // bronze -> silver -> gold: every layer landed committed Parquet, and gold partitions are marked complete.
        for (String table : new String[] {"bronze/orders", "bronze/payments", "bronze/customers", "silver/orders_enriched",
                "gold/revenue_hourly", "gold/payment_conversion_daily"}) {
            assertThat(parquetFiles(tmp.resolve("lake").resolve(table))).as(table).isPositive();
        }
        assertThat(successMarkers(tmp.resolve("lake/gold/revenue_hourly"))).isPositive();
    }

    @Test
    void demoLandsAllThreeLayersAsIcebergTablesAndPrintsTheirSnapshots(@TempDir Path tmp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path lake = tmp.resolve("lake");

        int code = TributaryCli.run(new String[] {"demo", "--format", "iceberg", "--events", "2000", "--lake", lake.toString(),
                        "--checkpoint-interval", "500"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as("%s%n%s", text, err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(text).contains("Iceberg tables", "accounting balanced")
                .as("no folder-lake completeness column for Iceberg tables").doesNotContain("Lake tables");
        // Read back with Iceberg's generic reader from a freshly opened catalog (the demo's: Hadoop, in the lake folder).
        Catalog catalog = new HadoopCatalog(new Configuration(), lake.toUri().toString());
        for (String table : new String[] {"bronze.orders", "bronze.payments", "bronze.customers", "silver.orders_enriched",
                "gold.revenue_hourly", "gold.payment_conversion_daily"}) {
            TableIdentifier id = TableIdentifier.parse(table);
            Snapshot current = catalog.loadTable(id).currentSnapshot();
            assertThat(current).as("%s has a committed snapshot; the demo printed:%n%s", table, text).isNotNull();
            long snapshot = current.snapshotId();
            assertThat(text).as("the summary names %s's snapshot", table).containsPattern(table + "\\s+snapshot " + snapshot);
            assertThat(IcebergTestReader.count(catalog, id)).as(table).isPositive();
        }
        // bronze.orders holds each generated order once (the generator re-sends some; dedupe drops them)
        List<Object> ids = IcebergTestReader.read(catalog, TableIdentifier.parse("bronze.orders")).stream()
                .map(r -> r.get("order_id")).collect(Collectors.toList());
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(catalog.loadTable(TableIdentifier.parse("gold.revenue_hourly")).properties())
                .containsEntry(IcebergCompleteness.COMPLETE_THROUGH, "all");
    }

    private static long parquetFiles(Path dir) {
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("part-") && p.toString().endsWith(".parquet")).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long successMarkers(Path dir) {
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().equals("_SUCCESS")).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
