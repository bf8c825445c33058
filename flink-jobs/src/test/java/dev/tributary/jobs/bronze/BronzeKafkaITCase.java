package dev.tributary.jobs.bronze;

import dev.tributary.demo.datagen.KafkaJsonWriter;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeSinks;
import dev.tributary.testing.KafkaTestServer;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 1 and 5 of the bronze issue: a real in-process Kafka broker feeds bronze in STREAMING mode;
 * the lake, read back with plain parquet-java, holds every valid generated record exactly once with its
 * values and metadata, the quarantine holds every malformed one with its reason, and no clear PII lands.
 */
class BronzeKafkaITCase {

    @RegisterExtension static final KafkaTestServer KAFKA = new KafkaTestServer();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir Path tmp;

    @Test
    void landsEveryValidRecordOnceAndQuarantinesTheRest() throws Exception {
        BronzeTestData data = new BronzeTestData(1_500, 7);
        KAFKA.createTopic("k1-orders", 2);
        KAFKA.createTopic("k1-payments", 2);
        new KafkaJsonWriter(KAFKA.bootstrapServers()).topic("orders", "k1-orders").topic("payments", "k1-payments")
                .write(data.config);
        LakeLayout lake = new LakeLayout(tmp.resolve("lake").toUri().toString());

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(200);
        List<BronzeInput> inputs = new ArrayList<>();
        for (DatasetDef ds : BronzeTestData.DATASETS) {
            inputs.add(new BronzeInput(ds, BronzeSources.kafka(ds, KAFKA.bootstrapServers(), "k1-" + ds.name(),
                    "bronze-k1", true, new Properties()), "kafka " + ds.name()));
        }
        new BronzeJob(inputs, lake, LakeSinks.rollOnCheckpoint(), BronzeTestData.PII_KEY, "k1-").build(env);
        JobExecutionResult result = env.execute("bronze-kafka");

        for (DatasetDef ds : BronzeTestData.DATASETS) {
            String name = ds.name();
            data.assertLandedExactlyOnce(name, ParquetTestReader.readDir(tmp.resolve("lake/bronze/" + name)), "kafka:k1-" + name);
            data.assertQuarantine(name, ParquetTestReader.readDir(tmp.resolve("lake/bronze/_quarantine/" + name)));
            assertThat(result.<Long>getAccumulatorResult("bronze." + name + ".in"))
                    .isEqualTo(data.generator.expected().of(name).emitted());
            assertThat(result.<Long>getAccumulatorResult("bronze." + name + ".duplicates"))
                    .isEqualTo(data.generator.expected().of(name).duplicates());
        }
        data.assertNoClearPii(ParquetTestReader.allStrings(tmp.resolve("lake")));
    }
}
