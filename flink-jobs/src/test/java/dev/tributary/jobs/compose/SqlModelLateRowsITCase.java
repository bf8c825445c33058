package dev.tributary.jobs.compose;

import dev.tributary.jobs.blocks.ModelLanding;
import dev.tributary.jobs.bronze.ParquetTestReader;
import dev.tributary.jobs.definition.yaml.DefinitionErrors;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.transforms.api.RecordSchema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A SQL window model no longer drops late rows silently (issue 15, item 4): seeded out-of-order readings enter a
 * SQL 5-minute window; in STREAMING the rows plain Java says are too late ({@code ts <= watermark - allowed
 * lateness}, with the watermark of the rows before) land in {@code gold/_late/site_5m/readings} (read back with
 * parquet-java; JSON payload in the input's columns), are counted, and are exactly the rows missing from the
 * windows; rows behind the watermark but within the allowed lateness are in the windows although their window
 * had closed at the unshifted watermark. BATCH has no late rows and windows over every reading.
 *
 * <p>The input has a watermark after every record (a punctuated generator, one reader), so which rows are late
 * is a function of the input alone, not of the 200 ms periodic emission a real source has.
 */
class SqlModelLateRowsITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Instant START = Instant.parse("2026-04-01T23:30:00Z");
    private static final long OUT_OF_ORDERNESS = 10_000;
    private static final long LATENESS = 30_000;
    private static final long WINDOW = 300_000;
    private static final String YAML = String.join("\n",
            "pipeline: {name: sql-late}",
            "runtime: {mode: MODE, checkpoint-interval: 300 ms, parallelism: 2}",
            "lake: {root: LAKE}",
            "sources:",
            "  readings:",
            "    kind: files",
            "    options: {path: DATA}",
            "    schema:",
            "      reading_id: STRING NOT NULL",
            "      site: STRING NOT NULL",
            "      reading_ts: TIMESTAMP NOT NULL",
            "      amount: LONG NOT NULL",
            "    event-time: {column: reading_ts, out-of-orderness: 10 s, allowed-lateness: 30 s}",
            "    bronze: {dedupe: {key: [reading_id]}}",
            "gold:",
            "  site_5m:",
            "    sql: |",
            "      SELECT window_start, window_end, site, COUNT(*) AS readings, SUM(amount) AS total",
            "      FROM TABLE(TUMBLE(TABLE readings, DESCRIPTOR(rowtime), INTERVAL '5' MINUTE))",
            "      GROUP BY window_start, window_end, site",
            "");

    @TempDir Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"streaming", "batch"})
    @Timeout(180)
    void lateRowsOfASqlWindowAreRoutedCountedAndExcluded(String mode) throws Exception {
        List<Object[]> readings = readings(new Random(15_15L));
        boolean streaming = mode.equals("streaming");
        // Plain Java: the watermark before each row is max(ts so far) - out-of-orderness - 1 ms.
        Map<String, Long> lateAt = new TreeMap<>();
        long wm = Long.MIN_VALUE;
        long max = Long.MIN_VALUE;
        int behindButKept = 0;
        for (Object[] r : readings) {
            long ts = ((Instant) r[2]).toEpochMilli();
            if (streaming && wm != Long.MIN_VALUE && ts <= wm - LATENESS) {
                lateAt.put((String) r[0], wm);
            } else if (streaming && wm != Long.MIN_VALUE && (ts / WINDOW + 1) * WINDOW - 1 <= wm) {
                behindButKept++; // its window had closed at the watermark; only the allowed lateness keeps it
            }
            max = Math.max(max, ts);
            wm = Math.max(wm, max - OUT_OF_ORDERNESS - 1);
        }
        Map<String, long[]> windows = new TreeMap<>();
        for (Object[] r : readings) {
            if (!lateAt.containsKey((String) r[0])) {
                long start = ((Instant) r[2]).toEpochMilli() / WINDOW * WINDOW;
                long[] w = windows.computeIfAbsent(Instant.ofEpochMilli(start) + "|" + r[1], k -> new long[2]);
                w[0]++;
                w[1] += (Long) r[3];
            }
        }
        System.out.printf("SqlModelLateRowsITCase %s: %d late, %d behind the watermark but kept%n", mode, lateAt.size(), behindButKept);
        if (streaming) {
            assertThat(lateAt).hasSizeGreaterThan(5); // the data is adversarial enough to mean something
            assertThat(behindButKept).isGreaterThan(5);
        }

        Files.write(tmp.resolve("unused.jsonl"), List.of());
        LakeLayout lake = new LakeLayout(tmp.resolve("lake").toUri().toString());
        ResolvedPipeline p = PipelineLoader.load(YAML.replace("MODE", mode).replace("LAKE", lake.root())
                .replace("DATA", tmp.resolve("unused.jsonl").toString()), "pipeline.yaml", Map.of(), getClass().getClassLoader());
        RecordSchema landed = p.schemas().get("readings");
        JobExecutionResult result = run(p, landed, readings, lake, streaming);

        // The windows: exactly plain Java over the rows that were not late.
        List<String> expected = new ArrayList<>();
        windows.forEach((k, w) -> {
            Instant start = Instant.parse(k.substring(0, k.indexOf('|')));
            expected.add(start + "|" + start.plusMillis(WINDOW) + k.substring(k.indexOf('|')) + "|" + w[0] + "|" + w[1]);
        });
        List<String> landedWindows = new ArrayList<>();
        for (Map<String, Object> r : ParquetTestReader.readDir(Paths.get(lake.gold("site_5m").toUri()))) {
            landedWindows.add(r.get("window_start") + "|" + r.get("window_end") + "|" + r.get("site") + "|" + r.get("readings")
                    + "|" + r.get("total"));
        }
        assertThat(landedWindows).containsExactlyInAnyOrderElementsOf(expected);

        // The late rows: exactly plain Java's, with the watermark that made them late and the record as JSON.
        List<Map<String, Object>> late = ParquetTestReader.readDir(
                Paths.get(ModelLanding.lateTable(lake, "gold", "site_5m", "readings").toUri()));
        ObjectMapper json = new ObjectMapper();
        Map<String, Long> routed = new TreeMap<>();
        for (Map<String, Object> l : late) {
            JsonNode payload = json.readTree((String) l.get("payload"));
            List<String> names = new ArrayList<>();
            payload.fieldNames().forEachRemaining(names::add);
            assertThat(names).isEqualTo(landed.fieldNames());
            Object[] r = readings.stream().filter(x -> x[0].equals(payload.get("reading_id").asText())).findFirst().orElseThrow();
            assertThat(payload.get("site").asText()).isEqualTo(r[1]);
            assertThat(Instant.parse(payload.get("reading_ts").asText())).isEqualTo(r[2]);
            assertThat(payload.get("amount").asLong()).isEqualTo((Long) r[3]);
            assertThat(l.get("model")).isEqualTo("site_5m");
            assertThat(l.get("input")).isEqualTo("readings");
            assertThat((String) l.get("reason")).startsWith("behind-watermark");
            assertThat(l.get("event_time")).isEqualTo(r[2]);
            routed.put((String) r[0], ((Instant) l.get("watermark")).toEpochMilli());
        }
        assertThat(routed).isEqualTo(lateAt);

        // Counters: in = late + what the windows counted; out = window rows.
        long inWindows = windows.values().stream().mapToLong(w -> w[0]).sum();
        assertThat(counter(result, "gold.site_5m.readings.in")).isEqualTo(readings.size());
        assertThat(counter(result, "gold.site_5m.readings.late")).isEqualTo(lateAt.size());
        assertThat(inWindows + lateAt.size()).isEqualTo(readings.size());
        assertThat(counter(result, "gold.site_5m.out")).isEqualTo(expected.size());
    }

    /** Wires the models over {@code readings} as the source's landed rows, with a watermark after every row. */
    private static JobExecutionResult run(ResolvedPipeline p, RecordSchema landed, List<Object[]> readings, LakeLayout lake,
            boolean streaming) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                new Configuration().set(RestartStrategyOptions.RESTART_STRATEGY, "none"));
        PipelineComposer.applyRuntime(env, p.def().runtime());
        List<Row> rows = new ArrayList<>();
        for (Object[] r : readings) {
            rows.add(Row.of(r[0], r[1], r[2], r[3], "test", null, (long) rows.size(), null, START));
        }
        DataStream<Row> input = env.fromData(rows, landed.rowTypeInfo())
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Row>forGenerator(c -> new EveryRow())
                        .withTimestampAssigner((r, t) -> ((Instant) r.getField(2)).toEpochMilli()))
                .setParallelism(1);
        StreamTableEnvironment tEnv = PipelineLoader.tableEnvironment(env,
                streaming ? RuntimeExecutionMode.STREAMING : RuntimeExecutionMode.BATCH);
        DefinitionErrors errors = new DefinitionErrors("pipeline.yaml");
        ModelTranslator models = new ModelTranslator(p.registry(), p.parsed(), errors);
        models.addInput(tEnv, "readings", input, landed, Duration.ofMillis(LATENESS));
        models.translate(env, tEnv, PipelineLoader.datasets(p.def()), p.def().models(), new HashSet<>(), lake,
                p.def().lake().sinks(), "late-");
        errors.throwIfAny();
        return env.execute("sql-late");
    }

    private static long counter(JobExecutionResult result, String name) {
        Object v = result.getAllAccumulatorResults().get(name);
        return v == null ? 0 : ((Number) v).longValue();
    }

    /** Mostly in order; one row in ten far behind (often late), three in ten a little behind (often within lateness). */
    private static List<Object[]> readings(Random random) {
        List<Object[]> out = new ArrayList<>();
        Instant t = START;
        for (int i = 0; i < 600; i++) {
            t = t.plusSeconds(random.nextInt(15));
            int k = random.nextInt(10);
            Instant ts = k == 0 ? t.minusSeconds(random.nextInt(150)) : k <= 3 ? t.minusSeconds(10 + random.nextInt(35)) : t;
            out.add(new Object[] {"r-" + i, "site-" + random.nextInt(3), ts, (long) (1 + random.nextInt(100))});
        }
        return out;
    }

    /** A watermark of max(ts) - out-of-orderness - 1 ms after every row, so lateness depends on the input only. */
    private static final class EveryRow implements WatermarkGenerator<Row> {
        private long max = Long.MIN_VALUE + OUT_OF_ORDERNESS + 1;

        @Override
        public void onEvent(Row event, long timestamp, WatermarkOutput output) {
            max = Math.max(max, timestamp);
            output.emitWatermark(new Watermark(max - OUT_OF_ORDERNESS - 1));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }
}
