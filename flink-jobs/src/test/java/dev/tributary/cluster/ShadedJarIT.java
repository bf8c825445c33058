package dev.tributary.cluster;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job jar ({@code jar tf}, in Java): Flink is provided, every connector and format the jobs
 * need is inside, no test server leaked in, and nothing in it duplicates a class of the Flink
 * distribution's {@code lib/} (which would make behaviour depend on class-loading order).
 */
class ShadedJarIT {

    private static Path jar;
    private static Set<String> entries;

    @BeforeAll
    static void readJar() throws IOException {
        jar = ClusterTestPaths.jobJar();
        entries = entriesOf(jar);
    }

    @Test
    void hasTheCliAsMainClassAndAReproducibleName() throws IOException {
        assertThat(jar.getFileName().toString()).matches("tributary-jobs-[0-9][^/]*\\.jar");
        try (JarFile j = new JarFile(jar.toFile())) {
            assertThat(j.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("dev.tributary.jobs.cli.TributaryCli");
        }
    }

    @Test
    void containsNoFlinkCoreOrRuntimeClasses() {
        assertThat(entries).filteredOn(e -> e.endsWith(".class")).noneMatch(e ->
                e.startsWith("org/apache/flink/streaming/api/")
                        || e.startsWith("org/apache/flink/runtime/")
                        || e.startsWith("org/apache/flink/api/common/")
                        || e.startsWith("org/apache/flink/api/java/")
                        || e.startsWith("org/apache/flink/configuration/")
                        || e.startsWith("org/apache/flink/core/")
                        || e.startsWith("org/apache/flink/table/api/")
                        || e.startsWith("org/apache/flink/shaded/"));
    }

    @Test
    void containsConnectorsFormatsAndOurClasses() {
        assertThat(entries).contains(
                "dev/tributary/jobs/cli/TributaryCli.class",
                "dev/tributary/jobs/bronze/BronzeJob.class",
                "dev/tributary/transforms/api/PiiKey.class",
                "dev/tributary/quality/api/QualityRule.class",
                "org/apache/flink/connector/kafka/source/KafkaSource.class",
                "org/apache/kafka/clients/consumer/KafkaConsumer.class",
                "org/apache/flink/formats/parquet/ParquetWriterFactory.class",
                "org/apache/parquet/hadoop/ParquetWriter.class",
                "org/apache/hadoop/conf/Configuration.class",
                "org/apache/flink/cdc/connectors/postgres/source/PostgresSourceBuilder.class",
                "io/debezium/connector/postgresql/PostgresConnector.class",
                "org/postgresql/Driver.class",
                "com/fasterxml/jackson/dataformat/yaml/YAMLFactory.class");
    }

    @Test
    void mergesServiceFiles() throws IOException {
        assertThat(resource("META-INF/services/org.apache.flink.table.factories.Factory")).contains(
                "org.apache.flink.streaming.connectors.kafka.table.KafkaDynamicTableFactory",
                "org.apache.flink.cdc.connectors.postgres.table.PostgreSQLTableFactory",
                "org.apache.flink.formats.parquet.ParquetFileFormatFactory");
        assertThat(resource("META-INF/services/java.sql.Driver")).contains("org.postgresql.Driver");
        assertThat(resource("META-INF/services/org.apache.hadoop.fs.FileSystem")).isNotBlank();
    }

    @Test
    void containsNoTestServersLoggingBackendsOrSignatures() {
        assertThat(entries).noneMatch(e -> Stream.of(
                        "kafka/server/", "kafka/Kafka", "scala/", "org/gaul/", "io/zonky/", "org/junit/",
                        "org/assertj/", "org/eclipse/jetty/", "org/apache/logging/log4j/", "org/slf4j/",
                        "ch/qos/", "org/apache/log4j/", "dev/tributary/testing/")
                .anyMatch(e::startsWith));
        assertThat(entries).noneMatch(e -> e.startsWith("META-INF/")
                && (e.endsWith(".SF") || e.endsWith(".DSA") || e.endsWith(".RSA")));
    }

    /**
     * The same class in the job jar and in the distribution is a conflict waiting to happen. The one
     * allowed overlap, commons-lang3, is a newer version our dependencies need; user code is loaded
     * child-first, so the jobs see ours and Flink keeps its own.
     */
    @Test
    void sharesNoClassWithTheFlinkDistribution() throws IOException {
        Set<String> cluster = new HashSet<>();
        try (Stream<Path> jars = Files.list(ClusterTestPaths.flinkLib())) {
            for (Path j : jars.filter(p -> p.toString().endsWith(".jar")).collect(Collectors.toList())) {
                cluster.addAll(entriesOf(j));
            }
        }
        List<String> shared = new ArrayList<>();
        for (String e : entries) {
            if (e.endsWith(".class") && !e.contains("module-info") && !e.startsWith("META-INF/versions/")
                    && !e.startsWith("org/apache/commons/lang3/") && cluster.contains(e)) {
                shared.add(e);
            }
        }
        assertThat(shared).as("classes both in the job jar and in Flink's lib/").isEmpty();
    }

    private static String resource(String name) throws IOException {
        try (ZipFile z = new ZipFile(jar.toFile())) {
            ZipEntry e = z.getEntry(name);
            assertThat(e).as(name).isNotNull();
            try (InputStream in = z.getInputStream(e)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    private static Set<String> entriesOf(Path file) throws IOException {
        Set<String> names = new HashSet<>();
        try (ZipFile z = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> it = z.entries();
            while (it.hasMoreElements()) {
                names.add(it.nextElement().getName());
            }
        }
        return names;
    }
}
