package dev.tributary.jobs.bronze;

import dev.tributary.jobs.cli.RunSummary;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeSinks;
import dev.tributary.quality.RuleSet;
import dev.tributary.transforms.api.PiiKey;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import javax.annotation.Nullable;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One bronze run over a JSON-lines file of raw bytes (hostile input tests): runs the real intake in the
 * given mode, then reads the lake back with the independent {@link ParquetTestReader}.
 */
final class HostileIntakeRun {
    static final PiiKey KEY = new PiiKey("h1", "hostile-input-secret-0123456789");

    final RunSummary summary;
    final List<Map<String, Object>> landed;
    final List<Map<String, Object>> quarantined;
    final List<String> lakeStrings;
    private final String dataset;

    private HostileIntakeRun(String dataset, RunSummary summary, java.nio.file.Path lakeDir) throws IOException {
        this.dataset = dataset;
        this.summary = summary;
        this.landed = ParquetTestReader.readDir(lakeDir.resolve("bronze").resolve(dataset));
        this.quarantined = ParquetTestReader.readDir(lakeDir.resolve("bronze/_quarantine").resolve(dataset));
        this.lakeStrings = ParquetTestReader.allStrings(lakeDir);
    }

    /** Writes {@code content} as one file and runs bronze over it in {@code mode}. */
    static HostileIntakeRun run(java.nio.file.Path tmp, RuntimeExecutionMode mode, DatasetDef ds, byte[] content,
            @Nullable RuleSet rules) throws Exception {
        java.nio.file.Path dir = Files.createTempDirectory(tmp, mode.name().toLowerCase() + "-");
        java.nio.file.Path in = dir.resolve("in/" + ds.name() + ".jsonl");
        Files.createDirectories(in.getParent());
        Files.write(in, content);
        LakeLayout lake = new LakeLayout(dir.resolve("lake").toUri().toString());

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(mode);
        env.setParallelism(2);
        if (mode == RuntimeExecutionMode.STREAMING) {
            env.enableCheckpointing(100);
        }
        BronzeInput input = new BronzeInput(ds, BronzeSources.files(ds, new Path(in.toUri())), ds.name() + "-file");
        new BronzeJob(List.of(rules == null ? input : input.withRules(rules)), lake, LakeSinks.rollOnCheckpoint(), KEY, "h-")
                .build(env);
        JobExecutionResult result = env.execute("hostile-" + mode);
        return new HostileIntakeRun(ds.name(), new RunSummary(result.getAllAccumulatorResults(), lake, Duration.ofSeconds(1)),
                dir.resolve("lake"));
    }

    long counter(String what) {
        return summary.counter("bronze." + dataset + "." + what);
    }

    /** {@code in = landed + quarantined + duplicates + dropped}, with {@code in} as the parser counted it. */
    void assertBalanced(long expectedIn) {
        assertThat(counter("in")).as("records in").isEqualTo(expectedIn);
        assertThat(summary.balanced()).as("in = landed + quarantined + duplicates + dropped").isTrue();
        assertThat(landed).as("landed rows vs counter").hasSize((int) counter("landed"));
        assertThat(quarantined).as("quarantined rows vs counter").hasSize((int) counter("quarantined"));
    }

    /** The reasons of quarantined rows, in source-offset order. */
    List<String> reasonsByOffset() {
        return quarantined.stream()
                .sorted(java.util.Comparator.comparing(r -> (Long) r.get("source_offset")))
                .map(r -> (String) r.get("reason"))
                .collect(java.util.stream.Collectors.toList());
    }
}
