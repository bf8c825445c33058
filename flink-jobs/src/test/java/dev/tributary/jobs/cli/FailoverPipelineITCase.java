package dev.tributary.jobs.cli;

import dev.tributary.jobs.definition.PipelineDefinitionTestData;
import dev.tributary.testing.IcebergTestReader;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13: a full bronze -> silver -> gold pipeline (dedupe, a transform, an interval join, a tumbling
 * window) with failures injected in silver lands exactly what an uninterrupted run lands, table by
 * table and row by row (read back with plain parquet-java; only the wall-clock {@code _ingested_at}
 * differs). The failures restart the whole job from its last checkpoint (local bounded strategy).
 * Both lake formats: Parquet folders, and Iceberg tables (Hadoop catalog in the lake folder, read back with
 * Iceberg's generic reader).
 */
class FailoverPipelineITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    private static final Map<String, String> ENV = Map.of("TRIBUTARY_PII_KEY", "failover-pipeline-secret-0123");

    @TempDir Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"parquet", "iceberg"})
    void aPipelineWithInjectedFailuresLandsWhatAnUninterruptedRunLands(String format) throws Exception {
        Path uninterrupted = run("calm", 0, format);
        Path failed = run("failing", 2, format);

        assertThat(tmp.resolve("markers-failing")).isDirectoryContaining("glob:**/failure-0").isDirectoryContaining("glob:**/failure-1");
        Map<String, List<String>> expected = tables(uninterrupted, format);
        assertThat(expected.keySet()).contains("bronze/orders", "bronze/payments", "silver/orders_clean",
                "silver/paid_orders", "gold/revenue_hourly");
        assertThat(expected.get("gold/revenue_hourly")).isNotEmpty();
        Map<String, List<String>> actual = tables(failed, format);
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        for (String table : expected.keySet()) {
            assertThat(actual.get(table)).as(table).isEqualTo(expected.get(table));
        }
    }

    /** Runs valid-full.yaml with its silver transform replaced by {@code test-fail-at}; returns the lake. */
    private Path run(String name, int failures, String format) throws Exception {
        String yaml = Files.readString(PipelineDefinitionTestData.DEFINITIONS.resolve("valid-full.yaml"))
                // an Iceberg lake refuses folder compaction (maintenance is `tributary maintain`)
                .replace("  compaction:\n    every-checkpoints: 5\n    smaller-than: 16 mb\n",
                        "parquet".equals(format) ? "  compaction:\n    every-checkpoints: 5\n    smaller-than: 16 mb\n"
                                : "  format: iceberg\n")
                .replace("orders: 500", "orders: 1500")
                .replace("identifier: normalise-strings", "identifier: test-fail-at")
                .replace("columns: status, currency\n        case: upper", "marker-dir: '" + tmp.resolve("markers-" + name)
                        + "'\n        after-records: 150\n        failures: " + failures)
                .replace("checkpoint-interval: 1 s", "checkpoint-interval: 200 ms");
        Path file = Files.writeString(tmp.resolve(name + ".yaml"), yaml);
        Path lake = tmp.resolve("lake-" + name);

        // Registers the test transform for this run only (the golden definition tests list the real ones).
        Path services = Files.createDirectories(tmp.resolve("services-" + name + "/META-INF/services"));
        Files.writeString(services.resolve("dev.tributary.transforms.api.TransformFactory"), "dev.tributary.jobs.ops.FailAtTransformFactory\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        int code;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.resolve("services-" + name).toUri().toURL()}, previous)) {
            Thread.currentThread().setContextClassLoader(loader);
            code = TributaryCli.run(new String[] {"run", "--pipeline", file.toString(), "--lake", lake.toString()},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), ENV);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        assertThat(code).as("%s%n%s", out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)).isEqualTo(TributaryCli.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("accounting balanced");
        return lake;
    }

    private static Map<String, List<String>> tables(Path lake, String format) throws IOException {
        return "parquet".equals(format) ? tables(lake) : icebergTables(lake);
    }

    /** Every Iceberg table of the lake (layer/table, side tables as layer/_group/name), as sorted row strings. */
    private static Map<String, List<String>> icebergTables(Path lake) {
        Map<String, List<String>> tables = new TreeMap<>();
        HadoopCatalog catalog = new HadoopCatalog(new Configuration(), lake.toUri().toString());
        for (Namespace ns : catalog.listNamespaces()) {
            for (TableIdentifier id : catalog.listTables(ns)) {
                String name = id.name().startsWith("_")
                        ? id.name().replaceFirst("^(_[a-z]+)_", "$1/").replace("__", "/") : id.name();
                List<String> rows = new ArrayList<>();
                for (Map<String, Object> r : IcebergTestReader.read(catalog, id)) {
                    rows.add(new TreeMap<>(r).entrySet().stream().filter(e -> !e.getKey().equals("_ingested_at"))
                            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("|")));
                }
                rows.sort(null);
                tables.put(ns + "/" + name, rows);
            }
        }
        return tables;
    }

    /** Every committed Parquet file per table folder (layer/table), as sorted row strings. */
    private static Map<String, List<String>> tables(Path lake) throws IOException {
        Map<String, List<String>> tables = new TreeMap<>();
        try (Stream<Path> files = Files.walk(lake)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".parquet")
                    && !p.getFileName().toString().startsWith(".")).collect(Collectors.toList())) {
                Path rel = lake.relativize(f);
                String table = rel.getName(0) + "/" + rel.getName(1) + (rel.getName(1).toString().startsWith("_") ? "/" + rel.getName(2) : "");
                tables.computeIfAbsent(table, t -> new ArrayList<>()).addAll(rows(f));
            }
        }
        tables.values().forEach(rows -> rows.sort(null));
        return tables;
    }

    @SuppressWarnings("deprecation")
    private static List<String> rows(Path file) throws IOException {
        List<String> rows = new ArrayList<>();
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
                .withConf(new Configuration()).build()) {
            for (Group g = reader.read(); g != null; g = reader.read()) {
                rows.add(g.toString().lines().filter(l -> !l.startsWith("_ingested_at")).collect(Collectors.joining("|")));
            }
        }
        return rows;
    }
}
