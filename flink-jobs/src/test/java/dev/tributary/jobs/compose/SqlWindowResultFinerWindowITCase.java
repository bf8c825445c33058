package dev.tributary.jobs.compose;

import dev.tributary.jobs.blocks.ModelLanding;
import dev.tributary.jobs.bronze.ParquetTestReader;
import dev.tributary.jobs.lake.LakeLayout;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static dev.tributary.jobs.compose.SqlModelLateRowsITCase.counter;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A SQL window result (no time attribute: its event time is its partition column, the window's start) feeding a finer SQL window and
 * a SQL interval join (SILVER_GOLD "Known gaps", now closed): hourly rows reach the later models when the watermark
 * has passed their hour, long after the 15-minute windows and join bounds they belong to would have fired. The
 * result is read with its longest window (1 h) as allowed lateness, so the later models see the watermark held back
 * by it: every hourly row is in the finer windows and the join, none is late, and the counters say so. Seeded
 * electricity-meter readings, in order within the source's out-of-orderness; expectations computed here in Java.
 */
class SqlWindowResultFinerWindowITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Instant START = Instant.parse("2026-05-10T05:47:00Z");
    private static final long HOUR = 3_600_000;
    private static final long JOIN_UPPER = 600_000;
    private static final String YAML = String.join("\n",
            "pipeline: {name: meters}",
            "runtime: {mode: streaming, checkpoint-interval: 300 ms, parallelism: 2}",
            "lake: {root: LAKE}",
            "sources:",
            "  meter_readings:",
            "    kind: files",
            "    options: {path: DATA}",
            "    schema: {reading_id: STRING NOT NULL, meter: STRING NOT NULL, read_ts: TIMESTAMP NOT NULL, kwh: LONG NOT NULL}",
            "    event-time: {column: read_ts, out-of-orderness: 10 s, allowed-lateness: 0 s}",
            "    bronze: {dedupe: {key: [reading_id]}}",
            "silver:",
            "  meter_hourly:",
            "    sql: |",
            "      SELECT window_start AS hour_start, window_end AS hour_end, meter, COUNT(*) AS readings, SUM(kwh) AS kwh",
            "      FROM TABLE(TUMBLE(TABLE meter_readings, DESCRIPTOR(rowtime), INTERVAL '1' HOUR))",
            "      GROUP BY window_start, window_end, meter",
            "gold:",
            "  meter_quarter:",
            "    sql: |",
            "      SELECT window_start AS quarter_start, meter, SUM(readings) AS readings, SUM(kwh) AS kwh",
            "      FROM TABLE(TUMBLE(TABLE meter_hourly, DESCRIPTOR(rowtime), INTERVAL '15' MINUTE))",
            "      GROUP BY window_start, window_end, meter",
            "  meter_hour_openers:",
            "    sql: |",
            "      SELECT h.hour_start, h.meter, r.reading_id FROM meter_hourly h JOIN meter_readings r",
            "        ON h.meter = r.meter AND r.rowtime BETWEEN h.rowtime AND h.rowtime + INTERVAL '10' MINUTE",
            "");

    @TempDir Path tmp;

    @Test
    @Timeout(180)
    void aFinerWindowAndAnIntervalJoinOverAWindowResultGetEveryRow() throws Exception {
        List<Object[]> readings = readings(new Random(20_26L));
        Map<String, long[]> hourly = new TreeMap<>();
        for (Object[] r : readings) {
            long hour = ((Instant) r[2]).toEpochMilli() / HOUR * HOUR;
            long[] h = hourly.computeIfAbsent(Instant.ofEpochMilli(hour) + "|" + r[1], k -> new long[2]);
            h[0]++;
            h[1] += (Long) r[3];
        }
        // The finer window holds each hourly row alone (its quarter is the hour's first); the join pairs each hour
        // of a meter with that meter's readings in the hour's first 10 minutes (both ends inclusive).
        List<String> quarters = new ArrayList<>();
        hourly.forEach((k, h) -> quarters.add(k + "|" + h[0] + "|" + h[1]));
        List<String> openers = new ArrayList<>();
        for (String k : hourly.keySet()) {
            long hour = Instant.parse(k.substring(0, k.indexOf('|'))).toEpochMilli();
            String meter = k.substring(k.indexOf('|') + 1);
            for (Object[] r : readings) {
                long ts = ((Instant) r[2]).toEpochMilli();
                if (r[1].equals(meter) && ts >= hour && ts <= hour + JOIN_UPPER) {
                    openers.add(k + "|" + r[0]);
                }
            }
        }
        assertThat(hourly).hasSizeGreaterThan(9);
        assertThat(openers).hasSizeGreaterThan(30);

        Files.write(tmp.resolve("unused.jsonl"), List.of());
        LakeLayout lake = new LakeLayout(tmp.resolve("lake").toUri().toString());
        ResolvedPipeline p = PipelineLoader.load(YAML.replace("LAKE", lake.root()).replace("DATA", tmp.resolve("unused.jsonl").toString()),
                "pipeline.yaml", Map.of(), getClass().getClassLoader());
        JobExecutionResult result = SqlModelLateRowsITCase.run(p, Map.of("meter_readings", readings), lake, true);

        List<String> landedQuarters = new ArrayList<>();
        for (Map<String, Object> r : ParquetTestReader.readDir(Paths.get(lake.gold("meter_quarter").toUri()))) {
            landedQuarters.add(r.get("quarter_start") + "|" + r.get("meter") + "|" + r.get("readings") + "|" + r.get("kwh"));
        }
        assertThat(landedQuarters).containsExactlyInAnyOrderElementsOf(quarters);
        List<String> landedOpeners = new ArrayList<>();
        for (Map<String, Object> r : ParquetTestReader.readDir(Paths.get(lake.gold("meter_hour_openers").toUri()))) {
            landedOpeners.add(r.get("hour_start") + "|" + r.get("meter") + "|" + r.get("reading_id"));
        }
        assertThat(landedOpeners).containsExactlyInAnyOrderElementsOf(openers);

        for (String model : List.of("meter_quarter", "meter_hour_openers")) {
            assertThat(counter(result, "gold." + model + ".meter_hourly.in")).as(model).isEqualTo(hourly.size());
            assertThat(counter(result, "gold." + model + ".meter_hourly.late")).as(model).isZero();
            assertThat(Files.exists(Paths.get(ModelLanding.lateTable(lake, "gold", model, "meter_hourly").toUri()))
                    && !ParquetTestReader.readDir(Paths.get(ModelLanding.lateTable(lake, "gold", model, "meter_hourly").toUri())).isEmpty())
                    .as(model).isFalse();
        }
        assertThat(counter(result, "gold.meter_hour_openers.meter_readings.late")).isZero();
    }

    /** Three meters over about four hours, a reading every 0-40 s, some up to 5 s out of order (within 10 s). */
    private static List<Object[]> readings(Random random) {
        List<Object[]> out = new ArrayList<>();
        Instant t = START;
        for (int i = 0; i < 700; i++) {
            t = t.plusSeconds(random.nextInt(41));
            Instant ts = random.nextInt(5) == 0 ? t.minusSeconds(random.nextInt(6)) : t;
            out.add(new Object[] {"m-" + i, "meter-" + random.nextInt(3), ts, (long) (1 + random.nextInt(900))});
        }
        return out;
    }
}
