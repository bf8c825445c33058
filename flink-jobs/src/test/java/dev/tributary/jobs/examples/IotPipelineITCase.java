package dev.tributary.jobs.examples;

import dev.tributary.jobs.blocks.LateRecords;
import dev.tributary.jobs.blocks.ModelLanding;
import dev.tributary.jobs.compose.PipelineComposer;
import dev.tributary.jobs.compose.PipelineLoader;
import dev.tributary.jobs.compose.ResolvedPipeline;
import dev.tributary.jobs.lake.LakeFiles;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.MarkedFileSink;
import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The second domain of issue 15: {@code examples/iot/pipeline.yaml} run as it is (through {@link PipelineLoader}
 * and {@link PipelineComposer}, on its bundled files; only the lake root, the data directory and the mode are
 * changed) lands silver and gold tables that equal plain Java over the input files ({@link IotExpectations}), with
 * the declared column types (NOT NULL kept), a {@code _SUCCESS} marker in every partition, late records in
 * {@code silver/_late/<model>/<input>} as JSON in the input's own column names, and counters; BATCH lands the
 * same tables as STREAMING.
 */
class IotPipelineITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final Path EXAMPLE = Paths.get("..", "examples", "iot").toAbsolutePath().normalize();

    static final RecordSchema ALARMED = RecordSchema.of("readings_alarmed", Field.required("reading_id", FieldType.STRING),
            Field.optional("device_id", FieldType.STRING), Field.required("reading_ts", FieldType.TIMESTAMP),
            Field.decimal("temperature", true, 5, 2), Field.required("alarm_count", FieldType.INT),
            Field.optional("max_severity", FieldType.INT), Field.required("critical", FieldType.BOOLEAN));
    static final RecordSchema ENRICHED = new RecordSchema("readings_enriched", concat(ALARMED.fields(),
            Field.optional("site", FieldType.STRING), Field.optional("firmware", FieldType.STRING),
            Field.optional("device_valid_from", FieldType.TIMESTAMP)));
    static final RecordSchema SITE_5M = RecordSchema.of("site_5m", Field.required("window_start", FieldType.TIMESTAMP),
            Field.required("window_end", FieldType.TIMESTAMP), Field.required("site", FieldType.STRING),
            Field.required("readings", FieldType.LONG), Field.required("alarmed_readings", FieldType.LONG),
            Field.decimal("avg_temperature", false, 6, 3), Field.decimal("max_temperature", false, 5, 2),
            Field.decimal("alarmed_share", true, 5, 4));
    static final RecordSchema SITE_HOURLY = RecordSchema.of("site_hourly", Field.required("window_start", FieldType.TIMESTAMP),
            Field.required("window_end", FieldType.TIMESTAMP), Field.required("site", FieldType.STRING),
            Field.required("readings", FieldType.LONG), Field.required("devices", FieldType.LONG),
            Field.required("critical_readings", FieldType.LONG), Field.required("alarms", FieldType.LONG),
            Field.decimal("avg_temperature", false, 6, 3), Field.decimal("alarms_per_reading", false, 7, 3));

    @TempDir Path tmp;

    @Test
    @Timeout(240)
    void streamingRunOfTheExampleLandsWhatPlainJavaComputesFromItsFiles() throws Exception {
        IotExpectations in = IotExpectations.read(EXAMPLE.resolve("data"));
        Set<String> maybeLateReadings = IotExpectations.mayBeLate(in.readings, IotExpectations.Reading::ts,
                IotExpectations.Reading::id, IotExpectations.READINGS_LATENESS);
        Set<String> maybeLateAlarms = IotExpectations.mayBeLate(in.alarms, IotExpectations.Alarm::ts,
                IotExpectations.Alarm::id, IotExpectations.ALARMS_LATENESS);
        // The data's late records are the only candidates; the version placed 5 min behind is within lateness.
        assertThat(maybeLateReadings).containsExactlyInAnyOrder("r-late-0", "r-late-1", "r-late-2");
        assertThat(maybeLateAlarms).containsExactly("a-late");
        assertThat(IotExpectations.mayBeLate(in.versions, IotExpectations.Version::validFrom,
                v -> v.device() + v.validFrom(), IotExpectations.VERSIONS_LATENESS)).isEmpty();

        LakeLayout lake = new LakeLayout(tmp.resolve("lake").toUri().toString());
        ResolvedPipeline p = load(EXAMPLE.resolve("data"), lake, "streaming");
        assertThat(p.schemas().get("readings_alarmed").fields()).isEqualTo(ALARMED.fields());
        assertThat(p.schemas().get("readings_enriched").fields()).isEqualTo(ENRICHED.fields());
        assertThat(p.schemas().get("site_5m").fields()).isEqualTo(SITE_5M.fields());
        assertThat(p.schemas().get("site_hourly").fields()).isEqualTo(SITE_HOURLY.fields());
        JobExecutionResult result = run(p);

        // Which candidates were late depends on when the reader emitted watermarks; everything else is exact.
        List<Row> lateReadings = LakeFiles.readAll(ModelLanding.lateTable(lake, "silver", "readings_alarmed", "readings"), LateRecords.SCHEMA);
        List<Row> lateAlarms = LakeFiles.readAll(ModelLanding.lateTable(lake, "silver", "readings_alarmed", "alarms"), LateRecords.SCHEMA);
        Set<String> lateReadingIds = ids(lateReadings, "reading_id");
        Set<String> lateAlarmIds = ids(lateAlarms, "alarm_id");
        assertThat(lateReadingIds).isSubsetOf(maybeLateReadings).hasSize(lateReadings.size());
        assertThat(lateAlarmIds).isSubsetOf(maybeLateAlarms).hasSize(lateAlarms.size());
        for (Row late : lateReadings) {
            IotExpectations.Reading r = in.readings.stream().filter(x -> x.id().equals(id(late, "reading_id"))).findFirst().orElseThrow();
            assertThat(late.getField(0)).isEqualTo("readings_alarmed");
            assertThat((String) late.getField(2)).startsWith("behind-watermark");
            assertThat(late.getField(3)).isEqualTo(r.ts());
            assertThat(late.getField(5)).isEqualTo(r.device());
            // JSON in the input's own column names (bronze metadata columns follow): re-ingestable as it is.
            assertThat((String) late.getField(6)).startsWith("{\"reading_id\":\"" + r.id() + "\",\"device_id\":\"" + r.device()
                    + "\",\"reading_ts\":\"" + r.ts() + "\",\"temperature\":" + r.temperature());
        }
        for (Row late : lateAlarms) {
            assertThat((String) late.getField(6)).startsWith("{\"alarm_id\":\"a-late\",\"device_id\":\"dev-01\"");
        }
        assertThat(result.<Long>getAccumulatorResult("silver.readings_alarmed.readings.late")).isEqualTo(lateReadings.size());
        assertThat(result.<Long>getAccumulatorResult("silver.readings_alarmed.alarms.late")).isEqualTo(lateAlarms.size());
        assertThat(result.<Long>getAccumulatorResult("silver.readings_enriched.device_versions.late")).isZero();
        System.out.printf("IotPipelineITCase: late readings %s, late alarms %s%n", lateReadingIds, lateAlarmIds);

        List<IotExpectations.Enriched> expected = in.enriched(lateReadingIds, lateAlarmIds);
        assertLake(lake, expected);
        assertThat(result.<Long>getAccumulatorResult("silver.readings_alarmed.readings.in")).isEqualTo(in.readings.size());
        assertThat(result.<Long>getAccumulatorResult("silver.readings_alarmed.out")).isEqualTo(expected.size());
        assertThat(result.<Long>getAccumulatorResult("silver.readings_enriched.out")).isEqualTo(expected.size());
        assertThat(result.<Long>getAccumulatorResult("gold.site_5m.out")).isEqualTo(IotExpectations.site5m(expected).size());
        assertThat(result.<Long>getAccumulatorResult("bronze.readings.duplicates")).isEqualTo(1L);
    }

    /**
     * STREAMING and BATCH over the example's files without the records that may be late land the same tables, both
     * equal to plain Java (BATCH has no late data; with nothing late STREAMING must agree with it row for row).
     */
    @Test
    @Timeout(240)
    void batchLandsWhatStreamingLandsWhenNothingIsLate() throws Exception {
        IotExpectations all = IotExpectations.read(EXAMPLE.resolve("data"));
        Path data = Files.createDirectories(tmp.resolve("data"));
        for (String f : List.of("readings.jsonl", "alarms.jsonl", "device_versions.jsonl")) {
            Files.write(data.resolve(f), Files.readAllLines(EXAMPLE.resolve("data").resolve(f), StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.contains("late")).collect(Collectors.toList()), StandardCharsets.UTF_8);
        }
        IotExpectations in = IotExpectations.read(data);
        assertThat(in.readings).hasSize(all.readings.size() - 3);
        List<IotExpectations.Enriched> expected = in.enriched(Set.of(), Set.of());

        LakeLayout streaming = new LakeLayout(tmp.resolve("streaming").toUri().toString());
        JobExecutionResult s = run(load(data, streaming, "streaming"));
        LakeLayout batch = new LakeLayout(tmp.resolve("batch").toUri().toString());
        run(load(data, batch, "batch"));

        assertThat(s.<Long>getAccumulatorResult("silver.readings_alarmed.readings.late")).isZero();
        assertLake(streaming, expected);
        assertLake(batch, expected);
        for (String[] t : new String[][] {{"silver", "readings_enriched"}, {"gold", "site_5m"}, {"gold", "site_hourly"}}) {
            RecordSchema schema = t[1].equals("readings_enriched") ? ENRICHED : t[1].equals("site_5m") ? SITE_5M : SITE_HOURLY;
            assertThat(rows(batch.table(t[0], t[1]), schema)).as("%s/%s", t[0], t[1]).isEqualTo(rows(streaming.table(t[0], t[1]), schema));
        }
    }

    private static void assertLake(LakeLayout lake, List<IotExpectations.Enriched> expected) throws Exception {
        assertThat(rows(lake.silver("readings_alarmed"), ALARMED)).isEqualTo(IotExpectations.alarmedRows(expected));
        assertThat(rows(lake.silver("readings_enriched"), ENRICHED)).isEqualTo(IotExpectations.enrichedRows(expected));
        assertThat(rows(lake.gold("site_5m"), SITE_5M)).isEqualTo(IotExpectations.site5m(expected));
        assertThat(rows(lake.gold("site_hourly"), SITE_HOURLY)).isEqualTo(IotExpectations.siteHourly(expected));
        // The data crosses midnight: two partitions per table, each marked complete.
        assertThat(LakeFiles.filesPerPartition(lake.silver("readings_enriched")).keySet())
                .containsExactlyInAnyOrder("reading_date=2026-03-01", "reading_date=2026-03-02");
        assertThat(LakeFiles.filesPerPartition(lake.gold("site_hourly")).keySet())
                .containsExactlyInAnyOrder("window_date=2026-03-01", "window_date=2026-03-02");
        for (org.apache.flink.core.fs.Path table : List.of(lake.silver("readings_alarmed"), lake.silver("readings_enriched"),
                lake.gold("site_5m"), lake.gold("site_hourly"))) {
            for (String partition : LakeFiles.filesPerPartition(table).keySet()) {
                org.apache.flink.core.fs.Path marker = new org.apache.flink.core.fs.Path(new org.apache.flink.core.fs.Path(table, partition),
                        MarkedFileSink.SUCCESS);
                assertThat(marker.getFileSystem().exists(marker)).as("%s", marker).isTrue();
            }
        }
    }

    /** The example's definition as it is, reading {@code data}, landing in {@code lake}, in {@code mode}. */
    static ResolvedPipeline load(Path data, LakeLayout lake, String mode) throws Exception {
        String yaml = Files.readString(EXAMPLE.resolve("pipeline.yaml"), StandardCharsets.UTF_8)
                .replace("path: examples/iot/data/", "path: " + data.toAbsolutePath() + "/")
                .replace("root: lake-iot", "root: " + lake.root())
                .replace("mode: streaming", "mode: " + mode)
                .replace("checkpoint-interval: 1 s", "checkpoint-interval: 300 ms");
        return PipelineLoader.load(yaml, "pipeline.yaml", Map.of(), IotPipelineITCase.class.getClassLoader());
    }

    static JobExecutionResult run(ResolvedPipeline p) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        // Frequent periodic watermarks, so the data's late records are likely (not certain) to meet one that makes
        // them late; the assertions hold either way.
        conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(1));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        // The example declares no PII columns, so it runs without a PII key.
        new PipelineComposer(p, null, "iot-").compose(env);
        return env.execute("iot-" + p.def().runtime().mode());
    }

    /** Rows of a table read back with parquet-java, rendered as the expectations are. */
    static List<String> rows(org.apache.flink.core.fs.Path table, RecordSchema schema) throws Exception {
        List<String> out = new ArrayList<>();
        for (Row r : LakeFiles.readAll(table, schema)) {
            Object[] values = new Object[schema.arity()];
            for (int i = 0; i < values.length; i++) {
                values[i] = r.getField(i);
            }
            out.add(IotExpectations.join(values));
        }
        out.sort(null);
        return out;
    }

    private static Set<String> ids(List<Row> late, String column) {
        Set<String> out = new HashSet<>();
        late.forEach(r -> out.add(id(r, column)));
        return out;
    }

    private static String id(Row late, String column) {
        String payload = (String) late.getField(6);
        int at = payload.indexOf("\"" + column + "\":\"") + column.length() + 4;
        return payload.substring(at, payload.indexOf('"', at));
    }

    private static List<Field> concat(List<Field> a, Field... b) {
        List<Field> out = new ArrayList<>(a);
        out.addAll(List.of(b));
        return out;
    }

    static Instant at(String text) {
        return Instant.parse(text);
    }
}
