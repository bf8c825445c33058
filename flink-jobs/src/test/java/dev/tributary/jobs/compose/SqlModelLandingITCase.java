package dev.tributary.jobs.compose;

import dev.tributary.jobs.lake.FlinkInputFile;
import dev.tributary.jobs.lake.LakeFiles;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.MarkedFileSink;
import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.PiiKey;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQL models land like block models (issue 15, "everything every model gets"): a silver SQL model and two gold SQL
 * window models over a files source, in STREAMING and BATCH, land exactly the rows plain Java computes from the
 * input, with {@code _SUCCESS} in every partition, partitions of the column the user chose ({@code partition-by},
 * not the first TIMESTAMP column), NOT NULL kept, the internal {@code rowtime} not landed although the silver model
 * selects it, a gold window over a gold window result without selecting {@code rowtime} (its event time is its
 * partition column), a transform over that window result whose rows keep its event time for a later window (they
 * had none), and the counters {@code <layer>.<model>.out} and {@code <layer>.<model>.<input>.in}. The readings are random (seeded) but in order,
 * so nothing is late and both modes must agree with plain Java.
 */
class SqlModelLandingITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Instant START = Instant.parse("2026-03-01T22:00:00Z");
    private static final String YAML = String.join("\n",
            "pipeline: {name: sql-models}",
            "runtime: {mode: MODE, checkpoint-interval: 300 ms, parallelism: 2}",
            "lake: {root: LAKE}",
            "sources:",
            "  readings:",
            "    kind: files",
            "    options: {path: DATA}",
            "    schema:",
            "      sent_ts: TIMESTAMP NOT NULL",
            "      reading_id: STRING NOT NULL",
            "      site: STRING NOT NULL",
            "      reading_ts: TIMESTAMP NOT NULL",
            "      amount: DECIMAL(10, 2) NOT NULL",
            "      note: STRING",
            "    event-time: {column: reading_ts, out-of-orderness: 1 s}",
            "    bronze: {dedupe: {key: [reading_id]}}",
            "silver:",
            "  readings_clean:",
            "    sql: SELECT sent_ts, reading_id, site, reading_ts, amount, note, rowtime FROM readings WHERE amount >= 1",
            "    partition-by: reading_ts",
            "gold:",
            "  site_hourly:",
            "    sql: |",
            "      SELECT window_start AS hour_start, window_end AS hour_end, site, COUNT(*) AS readings, CAST(SUM(amount) AS DECIMAL(12, 2)) AS total",
            "      FROM TABLE(TUMBLE(TABLE readings_clean, DESCRIPTOR(rowtime), INTERVAL '1' HOUR))",
            "      GROUP BY window_start, window_end, site",
            "  site_daily:",
            "    sql: |",
            "      SELECT window_start, site, SUM(readings) AS readings",
            "      FROM TABLE(TUMBLE(TABLE site_hourly, DESCRIPTOR(rowtime), INTERVAL '1' DAY))",
            "      GROUP BY window_start, window_end, site",
            "  site_hourly_upper:",
            "    transform: {identifier: normalise-strings, input: site_hourly, options: {case: upper}}",
            "  site_daily_upper:",
            "    sql: |",
            "      SELECT window_start, site, SUM(readings) AS readings",
            "      FROM TABLE(TUMBLE(TABLE site_hourly_upper, DESCRIPTOR(rowtime), INTERVAL '1' DAY))",
            "      GROUP BY window_start, window_end, site",
            "");

    static final RecordSchema CLEAN = RecordSchema.of("readings_clean", Field.required("sent_ts", FieldType.TIMESTAMP),
            Field.required("reading_id", FieldType.STRING), Field.required("site", FieldType.STRING),
            Field.required("reading_ts", FieldType.TIMESTAMP), Field.decimal("amount", true, 10, 2),
            Field.optional("note", FieldType.STRING));
    static final RecordSchema HOURLY = RecordSchema.of("site_hourly", Field.required("hour_start", FieldType.TIMESTAMP),
            Field.required("hour_end", FieldType.TIMESTAMP), Field.required("site", FieldType.STRING),
            Field.required("readings", FieldType.LONG), Field.decimal("total", true, 12, 2));
    static final RecordSchema DAILY = RecordSchema.of("site_daily", Field.required("window_start", FieldType.TIMESTAMP),
            Field.required("site", FieldType.STRING), Field.required("readings", FieldType.LONG));

    @TempDir java.nio.file.Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"streaming", "batch"})
    @Timeout(180)
    void sqlModelsLandWhatEveryModelGets(String mode) throws Exception {
        List<Object[]> readings = readings(new Random(15_4L));
        java.nio.file.Path data = tmp.resolve("readings.jsonl");
        List<String> lines = new ArrayList<>();
        for (Object[] r : readings) {
            lines.add(String.format("{\"sent_ts\":\"%s\",\"reading_id\":\"%s\",\"site\":\"%s\",\"reading_ts\":\"%s\",\"amount\":\"%s\"%s}",
                    r[0], r[1], r[2], r[3], r[4], r[5] == null ? "" : ",\"note\":\"" + r[5] + "\""));
        }
        Files.write(data, lines, StandardCharsets.UTF_8);
        LakeLayout lake = new LakeLayout(tmp.resolve("lake").toUri().toString());
        ResolvedPipeline p = PipelineLoader.load(YAML.replace("MODE", mode).replace("LAKE", lake.root()).replace("DATA", data.toString()),
                "pipeline.yaml", Map.of(), getClass().getClassLoader());

        // (c) declared and derived NOT NULL kept; (b) no rowtime among the columns.
        assertThat(p.schemas().get("readings_clean").fields()).isEqualTo(CLEAN.fields());
        assertThat(p.schemas().get("site_hourly").fields()).isEqualTo(HOURLY.fields());
        assertThat(p.schemas().get("site_daily").fields()).isEqualTo(DAILY.fields());

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                new Configuration().set(RestartStrategyOptions.RESTART_STRATEGY, "none"));
        new PipelineComposer(p, new PiiKey("it", "sql-model-landing-secret"), "sql-").compose(env);
        JobExecutionResult result = env.execute("sql-models-" + mode);

        // Plain Java over the input.
        List<Object[]> clean = new ArrayList<>();
        Map<String, long[]> hourlyCount = new TreeMap<>();
        Map<String, BigDecimal> hourlyTotal = new TreeMap<>();
        Map<String, long[]> dailyCount = new TreeMap<>();
        for (Object[] r : readings) {
            BigDecimal amount = (BigDecimal) r[4];
            if (amount.compareTo(BigDecimal.ONE) < 0) {
                continue;
            }
            clean.add(r);
            Instant ts = (Instant) r[3];
            String hour = ts.truncatedTo(ChronoUnit.HOURS) + "|" + r[2];
            hourlyCount.computeIfAbsent(hour, k -> new long[1])[0]++;
            hourlyTotal.merge(hour, amount, BigDecimal::add);
            dailyCount.computeIfAbsent(ts.truncatedTo(ChronoUnit.DAYS) + "|" + r[2], k -> new long[1])[0]++;
        }
        List<String> expectedClean = new ArrayList<>();
        clean.forEach(r -> expectedClean.add(r[0] + "|" + r[1] + "|" + r[2] + "|" + r[3] + "|" + r[4] + "|" + r[5]));
        List<String> expectedHourly = new ArrayList<>();
        hourlyCount.forEach((k, n) -> {
            Instant start = Instant.parse(k.substring(0, k.indexOf('|')));
            expectedHourly.add(start + "|" + start.plus(Duration.ofHours(1)) + k.substring(k.indexOf('|')) + "|" + n[0] + "|" + hourlyTotal.get(k));
        });
        List<String> expectedDaily = new ArrayList<>();
        dailyCount.forEach((k, n) -> expectedDaily.add(k + "|" + n[0]));

        assertThat(rows(lake.silver("readings_clean"), CLEAN)).containsExactlyInAnyOrderElementsOf(expectedClean);
        assertThat(rows(lake.gold("site_hourly"), HOURLY)).containsExactlyInAnyOrderElementsOf(expectedHourly);
        assertThat(rows(lake.gold("site_daily"), DAILY)).containsExactlyInAnyOrderElementsOf(expectedDaily);
        // A transform over a window result (no time attribute) carries its event time (hour_start) to a later window.
        List<String> expectedDailyUpper = new ArrayList<>();
        dailyCount.forEach((k, n) -> expectedDailyUpper.add(k.substring(0, k.indexOf('|'))
                + k.substring(k.indexOf('|')).toUpperCase(java.util.Locale.ROOT) + "|" + n[0]));
        assertThat(rows(lake.gold("site_daily_upper"), DAILY)).containsExactlyInAnyOrderElementsOf(expectedDailyUpper);

        // (d) partitions of the chosen column (reading_ts), not of sent_ts (first TIMESTAMP, a day later at times).
        assertThat(LakeFiles.filesPerPartition(lake.silver("readings_clean")).keySet())
                .containsExactlyInAnyOrder("reading_date=2026-03-01", "reading_date=2026-03-02");
        assertThat(LakeFiles.filesPerPartition(lake.gold("site_daily")).keySet())
                .containsExactlyInAnyOrder("window_date=2026-03-01", "window_date=2026-03-02");
        // (a) every partition of every model marked complete.
        for (Path table : List.of(lake.silver("readings_clean"), lake.gold("site_hourly"), lake.gold("site_daily"))) {
            for (String partition : LakeFiles.filesPerPartition(table).keySet()) {
                Path marker = new Path(new Path(table, partition), MarkedFileSink.SUCCESS);
                assertThat(marker.getFileSystem().exists(marker)).as("%s", marker).isTrue();
            }
        }
        // (b), (c) in the files themselves: no rowtime column, REQUIRED where NOT NULL.
        MessageType silver = parquetSchema(lake.silver("readings_clean"));
        assertThat(silver.getFields().stream().map(Type::getName)).containsExactly("sent_ts", "reading_id", "site", "reading_ts", "amount", "note");
        assertThat(silver.getType("reading_id").getRepetition()).isEqualTo(Type.Repetition.REQUIRED);
        assertThat(silver.getType("note").getRepetition()).isEqualTo(Type.Repetition.OPTIONAL);
        MessageType hourly = parquetSchema(lake.gold("site_hourly"));
        assertThat(hourly.getType("readings").getRepetition()).isEqualTo(Type.Repetition.REQUIRED);
        assertThat(hourly.getType("total").getRepetition()).isEqualTo(Type.Repetition.REQUIRED);

        // (e) per-model counters.
        assertThat(result.<Long>getAccumulatorResult("silver.readings_clean.out")).isEqualTo(clean.size());
        assertThat(result.<Long>getAccumulatorResult("gold.site_hourly.out")).isEqualTo(expectedHourly.size());
        assertThat(result.<Long>getAccumulatorResult("gold.site_daily.out")).isEqualTo(expectedDaily.size());
        assertThat(result.<Long>getAccumulatorResult("silver.readings_clean.readings.in")).isEqualTo(readings.size());
        assertThat(result.<Long>getAccumulatorResult("gold.site_daily.site_hourly.in")).isEqualTo(expectedHourly.size());
        assertThat(result.<Long>getAccumulatorResult("gold.site_hourly_upper.site_hourly.in")).isEqualTo(expectedHourly.size());
        assertThat(result.<Long>getAccumulatorResult("gold.site_daily_upper.site_hourly_upper.in")).isEqualTo(expectedHourly.size());
        assertThat(result.<Long>getAccumulatorResult("gold.site_daily_upper.out")).isEqualTo(expectedDaily.size());
        assertThat(result.<Long>getAccumulatorResult("silver.readings_clean.readings.late")).isZero();
    }

    /** In-order readings across midnight; sent_ts 0-5 h after reading_ts (often the next day); some notes null. */
    private static List<Object[]> readings(Random random) {
        List<Object[]> out = new ArrayList<>();
        Instant ts = START;
        for (int i = 0; i < 120; i++) {
            ts = ts.plusSeconds(random.nextInt(240));
            Instant sent = ts.plusSeconds(random.nextInt(5 * 3600));
            BigDecimal amount = BigDecimal.valueOf(random.nextInt(2000), 2);
            out.add(new Object[] {sent, "r-" + i, random.nextBoolean() ? "north" : "south", ts, amount,
                    random.nextInt(3) == 0 ? null : "n" + random.nextInt(5)});
        }
        return out;
    }

    private static List<String> rows(Path table, RecordSchema schema) throws Exception {
        List<String> out = new ArrayList<>();
        for (Row r : LakeFiles.readAll(table, schema)) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < schema.arity(); i++) {
                b.append(i == 0 ? "" : "|").append(r.getField(i));
            }
            out.add(b.toString());
        }
        return out;
    }

    private static MessageType parquetSchema(Path table) throws Exception {
        List<Path> files = LakeFiles.committedFiles(table);
        assertThat(files).isNotEmpty();
        try (ParquetFileReader reader = ParquetFileReader.open(new FlinkInputFile(files.get(0)))) {
            return reader.getFooter().getFileMetaData().getSchema();
        }
    }
}
