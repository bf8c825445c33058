package dev.tributary.jobs.lake.iceberg;

import dev.tributary.jobs.definition.LakeDef;
import dev.tributary.testing.S3TestServer;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.util.List;

import static dev.tributary.jobs.lake.iceberg.IcebergLakeITCase.MISSING;
import static dev.tributary.jobs.lake.iceberg.IcebergLakeITCase.O1;
import static dev.tributary.jobs.lake.iceberg.IcebergLakeITCase.O2;
import static dev.tributary.jobs.lake.iceberg.IcebergLakeITCase.ORDERS;
import static dev.tributary.jobs.lake.iceberg.IcebergLakeITCase.TRUNCATED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An Iceberg lake in a Hadoop catalog on {@code s3a://}: the in-process S3 server, reached through Hadoop's own S3A
 * (hadoop-aws, as in the container image), not Flink's {@code s3-fs-hadoop} plugin.
 *
 * <p>Runs in the failsafe JVM, where no other job has used S3A: Hadoop caches {@code FileSystem} instances JVM-wide,
 * and an S3A client created while an earlier job ran keeps that job's (closed) user class loader in its threads.
 * A JVM that runs several jobs with hadoop-aws on its parent class path (a session cluster with it in {@code lib/},
 * or the surefire JVM) hits that; docs/ICEBERG.md ("Known defect") says how to deploy around it.
 */
class IcebergS3aCatalogIT {

    @RegisterExtension @Order(1) static final S3TestServer S3 = new S3TestServer("lake");

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir java.nio.file.Path tmp;

    @Test
    void hadoopCatalogOnS3aThroughHadoopAws() throws Exception {
        LakeDef lake = new LakeDef(S3.uri("ice"), 0, MemorySize.ZERO)
                .withIceberg(IcebergCatalog.builder(IcebergCatalog.Type.HADOOP)
                        .hadoop("fs.s3a.endpoint", S3.endpoint())
                        .hadoop("fs.s3a.path.style.access", "true")
                        .hadoop("fs.s3a.access.key", S3.accessKey())
                        .hadoop("fs.s3a.secret.key", S3.secretKey())
                        .hadoop("fs.s3a.directory.marker.retention", "keep")
                        .hadoop("fs.s3a.attempts.maximum", "3")
                        .build(), null);
        IcebergLakeITCase.runBronze(tmp, lake, ORDERS, RuntimeExecutionMode.BATCH, O1, O2, O1, TRUNCATED, MISSING);

        try (IcebergLakeITCase.Closing c = IcebergLakeITCase.open(lake)) {
            IcebergLakeITCase.assertBronze(c.catalog, lake, lake.iceberg().identifier(IcebergLakeITCase.bronze(ORDERS)));
        }
        List<String> keys = S3.listKeys("ice/bronze/orders/");
        assertThat(keys).anySatisfy(k -> assertThat(k).matches("ice/bronze/orders/metadata/v\\d+\\.metadata\\.json"));
        assertThat(keys).anySatisfy(k -> assertThat(k).matches("ice/bronze/orders/data/order_ts_day=2026-01-05/.*\\.parquet"));
    }
}
