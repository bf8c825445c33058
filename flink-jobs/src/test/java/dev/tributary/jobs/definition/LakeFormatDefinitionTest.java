package dev.tributary.jobs.definition;

import dev.tributary.jobs.definition.yaml.DefinitionException;
import dev.tributary.jobs.definition.yaml.PipelineDefinitionParser;
import dev.tributary.jobs.lake.LakeFormat;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeTable;
import dev.tributary.jobs.lake.iceberg.IcebergCatalog;
import dev.tributary.jobs.lake.iceberg.IcebergLake;
import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code lake:} section's format keys: parquet stays the default; iceberg catalogs are read and checked. */
class LakeFormatDefinitionTest {

    private static PipelineDef parse(String lake, Map<String, String> env) {
        String yaml = PipelineDefinitionTestData.reference().replaceFirst("lake:\\n(  [^\\n]*\\n)+", java.util.regex.Matcher.quoteReplacement(lake));
        return PipelineDefinitionParser.parse(yaml, "p.yaml", env);
    }

    @Test
    void parquetIsTheDefaultAndKeepsTheParquetSinks() {
        PipelineDef def = parse("lake:\n  root: /tmp/lake\n", Map.of());

        assertThat(def.lake().format()).isEqualTo(LakeFormat.PARQUET);
        assertThat(def.lake().catalog()).isNull();
        assertThat(def.lake().sinks().format()).isEqualTo(LakeFormat.PARQUET);
    }

    @Test
    void icebergWithoutACatalogUsesAHadoopCatalogInTheLakeRoot() {
        PipelineDef def = parse("lake:\n  root: /tmp/lake\n  format: iceberg\n", Map.of());

        assertThat(def.lake().format()).isEqualTo(LakeFormat.ICEBERG);
        assertThat(def.lake().catalog()).isEqualTo(IcebergCatalog.hadoopInLakeRoot());
        assertThat(def.lake().sinks().format()).isEqualTo(LakeFormat.ICEBERG);
        assertThat(def.lake().catalog().catalogProperties("file:/tmp/lake")).containsEntry("warehouse", "file:/tmp/lake");
        assertThat(def.lake().iceberg().identifier(table()).toString()).isEqualTo("bronze._quarantine_orders");
    }

    @Test
    void readsAJdbcCatalogWithEnvironmentSubstitutionAndANamespace() {
        PipelineDef def = parse(String.join("\n",
                "lake:",
                "  root: s3a://bucket/lake",
                "  format: ICEBERG",
                "  namespace: analytics.shop",
                "  catalog:",
                "    type: jdbc",
                "    uri: jdbc:postgresql://db:5432/catalog",
                "    properties: {jdbc.user: iceberg, jdbc.password: '${PG_PASSWORD}'}",
                "    hadoop: {fs.s3a.endpoint: 'http://s3:9000', fs.s3a.path.style.access: true}",
                ""), Map.of("PG_PASSWORD", "pw"));

        IcebergCatalog c = def.lake().catalog();
        assertThat(c.type()).isEqualTo(IcebergCatalog.Type.JDBC);
        assertThat(c.uri()).isEqualTo("jdbc:postgresql://db:5432/catalog");
        assertThat(c.properties()).containsEntry("jdbc.password", "pw").containsEntry("jdbc.user", "iceberg");
        assertThat(c.hadoopSettings()).containsEntry("fs.s3a.path.style.access", "true");
        assertThat(c.toString()).doesNotContain("pw");
        assertThat(def.lake().iceberg().identifier(table()).toString()).isEqualTo("analytics.shop.bronze._quarantine_orders");
        assertThat(def.lake().withRoot("/other").format()).isEqualTo(LakeFormat.ICEBERG);
    }

    @Test
    void rejectsUnknownKeysMissingUrisAndKeysThatDoNotApplyAllAtOnce() {
        assertThatThrownBy(() -> parse(String.join("\n",
                "lake:",
                "  root: /tmp/lake",
                "  format: iceberg",
                "  namespace: 'bad name'",
                "  compaction: {every-checkpoints: 3}",
                "  catalog:",
                "    type: jdbc",
                "    warehous: /x",
                "    properties: {warehouse: /y}",
                ""), Map.of()))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("lake.namespace")
                .hasMessageContaining("lake.compaction")
                .hasMessageContaining("tributary maintain")
                .hasMessageContaining("unknown key 'warehous'")
                .hasMessageContaining("lake.catalog.uri")
                .hasMessageContaining("lake.catalog.properties.warehouse");
        assertThatThrownBy(() -> parse("lake:\n  root: /tmp/lake\n  format: delta\n  catalog: {type: hadoop}\n", Map.of()))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("lake.format")
                .hasMessageContaining("parquet or iceberg")
                .hasMessageContaining("'catalog' in a parquet lake");
        assertThatThrownBy(() -> parse("lake:\n  root: /tmp/lake\n  format: iceberg\n  catalog: {type: glue}\n", Map.of()))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("lake.catalog.type")
                .hasMessageContaining("hadoop, jdbc or rest");
    }

    @Test
    void theJavaApiBuildsTheSameLake() {
        LakeDef yaml = parse("lake:\n  root: /tmp/lake\n  format: iceberg\n  catalog: {type: rest, uri: 'http://cat:8181'}\n",
                Map.of()).lake();
        LakeDef java = new LakeDef("/tmp/lake", 0, org.apache.flink.configuration.MemorySize.parse("64 mb"))
                .withIceberg(IcebergCatalog.builder(IcebergCatalog.Type.REST).uri("http://cat:8181").build(), null);

        assertThat(java).isEqualTo(yaml);
        assertThat(java.asParquet().format()).isEqualTo(LakeFormat.PARQUET);
        assertThatThrownBy(() -> IcebergCatalog.builder(IcebergCatalog.Type.JDBC).build())
                .hasMessageContaining("needs a uri");
        assertThat(new IcebergLake(IcebergCatalog.hadoopInLakeRoot(), null).identifier(
                LakeTable.of(LakeLayout.GOLD, "revenue", schema(), "d", "ts")).toString()).isEqualTo("gold.revenue");
    }

    private static RecordSchema schema() {
        return RecordSchema.of("t", Field.required("id", FieldType.STRING), Field.required("ts", FieldType.TIMESTAMP));
    }

    private static LakeTable table() {
        return LakeTable.side(LakeLayout.BRONZE, LakeLayout.QUARANTINE, "orders", schema(), "d", "ts");
    }
}
