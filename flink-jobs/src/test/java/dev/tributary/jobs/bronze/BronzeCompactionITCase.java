package dev.tributary.jobs.bronze;

import dev.tributary.demo.datagen.GeneratorSourceFactory;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.lake.LakeFiles;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeSinks;

import org.apache.flink.configuration.MemorySize;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Small files: with a short checkpoint interval every checkpoint rolls a part file per subtask and
 * partition; with compaction every N checkpoints the same data lands in fewer files, still exactly once.
 */
class BronzeCompactionITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir Path tmp;

    @Test
    void compactionMergesSmallFilesWithoutLosingOrDuplicatingRows() throws Exception {
        BronzeTestData data = new BronzeTestData(6_000, 5);
        DatasetDef orders = BronzeTestData.DATASETS.get(0);

        int rolled = run(data, orders, "rolled", LakeSinks.rollOnCheckpoint());
        int compacted = run(data, orders, "compacted", LakeSinks.compactEvery(1_000, MemorySize.ofMebiBytes(64)));

        assertThat(rolled).as("files without compaction").isGreaterThan(2);
        assertThat(compacted).as("files with compaction").isLessThan(rolled);
        data.assertLandedExactlyOnce("orders", ParquetTestReader.readDir(tmp.resolve("compacted/bronze/orders")), "generator:");
        data.assertLandedExactlyOnce("orders", ParquetTestReader.readDir(tmp.resolve("rolled/bronze/orders")), "generator:");
    }

    private int run(BronzeTestData data, DatasetDef orders, String name, LakeSinks sinks) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(50);
        LakeLayout lake = new LakeLayout(tmp.resolve(name).toUri().toString());
        new BronzeJob(List.of(new BronzeInput(orders, GeneratorSourceFactory.rows(data.config, orders.name(), BronzeSources.decoder(orders)), "generated orders")),
                lake, sinks, BronzeTestData.PII_KEY, name + "-").build(env);
        env.execute(name);
        Map<String, Integer> perPartition = LakeFiles.filesPerPartition(lake.bronze("orders"));
        return perPartition.values().stream().mapToInt(Integer::intValue).sum();
    }
}
