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
 * had closed at the unshifted watermark. A SQL interval join of the readings with alarms (no allowed lateness) routes
 * the late rows of each input under its own model and joins every other pair in its bounds. BATCH has no late rows.
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
            "  alarms:",
            "    kind: files",
            "    options: {path: DATA}",
            "    schema: {alarm_id: STRING NOT NULL, site: STRING NOT NULL, alarm_ts: TIMESTAMP NOT NULL}",
            "    event-time: {column: alarm_ts, out-of-orderness: 10 s, allowed-lateness: 0 s}",
            "    bronze: {dedupe: {key: [alarm_id]}}",
            "silver:",
            "  readings_alarmed:",
            "    sql: |",
            "      SELECT r.reading_id, r.reading_ts, a.alarm_id FROM readings r JOIN alarms a ON r.site = a.site",
            "        AND a.rowtime BETWEEN r.rowtime - INTERVAL '1' MINUTE AND r.rowtime + INTERVAL '1' MINUTE",
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
        List<Object[]> alarms = alarms(new Random(15_16L));
        Map<String, Long> lateAt = streaming ? late(readings, 2, LATENESS) : Map.of();
        Map<String, Long> lateAlarms = streaming ? late(alarms, 2, 0) : Map.of();
        int behindButKept = 0;
        long wm = Long.MIN_VALUE;
        for (Object[] r : readings) {
            long ts = ((Instant) r[2]).toEpochMilli();
            if (streaming && wm != Long.MIN_VALUE && !lateAt.containsKey((String) r[0]) && (ts / WINDOW + 1) * WINDOW - 1 <= wm) {
                behindButKept++; // its window had closed at the watermark; only the allowed lateness keeps it
            }
            wm = Math.max(wm, ts - OUT_OF_ORDERNESS - 1);
        }
        List<String> pairs = new ArrayList<>();
        for (Object[] r : readings) {
            for (Object[] a : alarms) {
                long d = ((Instant) a[2]).toEpochMilli() - ((Instant) r[2]).toEpochMilli();
                if (r[1].equals(a[1]) && Math.abs(d) <= 60_000 && !lateAt.containsKey((String) r[0]) && !lateAlarms.containsKey((String) a[0])) {
                    pairs.add(r[0] + "|" + r[2] + "|" + a[0]);
                }
            }
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
            assertThat(lateAlarms).hasSizeGreaterThan(3);
        }

        Files.write(tmp.resolve("unused.jsonl"), List.of());
        LakeLayout lake = new LakeLayout(tmp.resolve("lake").toUri().toString());
        ResolvedPipeline p = PipelineLoader.load(YAML.replace("MODE", mode).replace("LAKE", lake.root())
                .replace("DATA", tmp.resolve("unused.jsonl").toString()), "pipeline.yaml", Map.of(), getClass().getClassLoader());
        RecordSchema landed = p.schemas().get("readings");
        JobExecutionResult result = run(p, Map.of("readings", readings, "alarms", alarms), lake, streaming);

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

        // The join: every pair of rows that were not late, within the bounds.
        List<String> joined = new ArrayList<>();
        for (Map<String, Object> r : ParquetTestReader.readDir(Paths.get(lake.silver("readings_alarmed").toUri()))) {
            joined.add(r.get("reading_id") + "|" + r.get("reading_ts") + "|" + r.get("alarm_id"));
        }
        assertThat(lateIds(lake, "silver", "readings_alarmed", "readings", "reading_id")).isEqualTo(lateAt);
        assertThat(lateIds(lake, "silver", "readings_alarmed", "alarms", "alarm_id")).isEqualTo(lateAlarms);
        assertThat(joined).containsExactlyInAnyOrderElementsOf(pairs);
        assertThat(counter(result, "silver.readings_alarmed.alarms.in")).isEqualTo(alarms.size());
        assertThat(counter(result, "silver.readings_alarmed.alarms.late")).isEqualTo(lateAlarms.size());

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

    /** Plain Java: ids of the rows at or behind (watermark before them) - lateness, with that watermark. */
    private static Map<String, Long> late(List<Object[]> rows, int tsColumn, long lateness) {
        Map<String, Long> late = new TreeMap<>();
        long wm = Long.MIN_VALUE;
        for (Object[] r : rows) {
            long ts = ((Instant) r[tsColumn]).toEpochMilli();
            if (wm != Long.MIN_VALUE && ts <= wm - lateness) {
                late.put((String) r[0], wm);
            }
            wm = Math.max(wm, ts - OUT_OF_ORDERNESS - 1);
        }
        return late;
    }

    /** The ids (read from the JSON payload) and watermarks of one input's late table of a model. */
    private static Map<String, Long> lateIds(LakeLayout lake, String layer, String model, String input, String idColumn)
            throws Exception {
        Map<String, Long> out = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        for (Map<String, Object> l : ParquetTestReader.readDir(Paths.get(ModelLanding.lateTable(lake, layer, model, input).toUri()))) {
            out.put(json.readTree((String) l.get("payload")).get(idColumn).asText(), ((Instant) l.get("watermark")).toEpochMilli());
        }
        return out;
    }

    /** Wires the models over each source's rows as its landed rows, with a watermark after every row. */
    static JobExecutionResult run(ResolvedPipeline p, Map<String, List<Object[]>> sources, LakeLayout lake,
            boolean streaming) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                new Configuration().set(RestartStrategyOptions.RESTART_STRATEGY, "none"));
        PipelineComposer.applyRuntime(env, p.def().runtime());
        StreamTableEnvironment tEnv = PipelineLoader.tableEnvironment(env,
                streaming ? RuntimeExecutionMode.STREAMING : RuntimeExecutionMode.BATCH);
        DefinitionErrors errors = new DefinitionErrors("pipeline.yaml");
        ModelTranslator models = new ModelTranslator(p.registry(), p.parsed(), errors);
        for (Map.Entry<String, List<Object[]>> source : sources.entrySet()) {
            RecordSchema landed = p.schemas().get(source.getKey());
            List<Row> rows = new ArrayList<>();
            for (Object[] r : source.getValue()) {
                Row row = new Row(landed.arity());
                for (int i = 0; i < r.length; i++) {
                    row.setField(i, r[i]);
                }
                row.setField(r.length, "test");
                row.setField(r.length + 2, (long) rows.size());
                row.setField(r.length + 4, START);
                rows.add(row);
            }
            DataStream<Row> input = env.fromData(rows, landed.rowTypeInfo())
                    .assignTimestampsAndWatermarks(WatermarkStrategy.<Row>forGenerator(c -> new EveryRow())
                            .withTimestampAssigner((r, t) -> ((Instant) r.getField(2)).toEpochMilli()))
                    .setParallelism(1);
            models.addInput(tEnv, source.getKey(), input, landed,
                    PipelineLoader.datasets(p.def()).get(source.getKey()).allowedLateness());
        }
        models.translate(env, tEnv, PipelineLoader.datasets(p.def()), p.def().models(), new HashSet<>(), lake,
                p.def().lake().sinks(), "late-");
        errors.throwIfAny();
        return env.execute("sql-late");
    }

    static long counter(JobExecutionResult result, String name) {
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

    /** Alarms over the same hours and sites; one in six far behind. */
    private static List<Object[]> alarms(Random random) {
        List<Object[]> out = new ArrayList<>();
        Instant t = START;
        for (int i = 0; i < 150; i++) {
            t = t.plusSeconds(random.nextInt(60));
            Instant ts = random.nextInt(6) == 0 ? t.minusSeconds(20 + random.nextInt(120)) : t;
            out.add(new Object[] {"a-" + i, "site-" + random.nextInt(3), ts});
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
