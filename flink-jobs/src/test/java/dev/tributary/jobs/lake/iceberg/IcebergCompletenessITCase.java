package dev.tributary.jobs.lake.iceberg;

import dev.tributary.jobs.blocks.LateRecords;
import dev.tributary.jobs.blocks.ModelLanding;
import dev.tributary.jobs.definition.LakeDef;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeTable;
import dev.tributary.testing.IcebergTestReader;
import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code _SUCCESS} says in a Parquet lake, an Iceberg reader learns from the table: a model landed into an
 * Iceberg lake publishes its committed watermark and last complete day as table properties; a bounded run ends
 * with the whole table complete, in BATCH and in STREAMING (where the last commit happens after the model's input
 * ended). Side tables with a nested name ({@code _late/<model>/<input>}) land as flat Iceberg tables.
 * Read back with Iceberg's generic reader from a freshly opened catalog.
 */
class IcebergCompletenessITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final RecordSchema READINGS = new RecordSchema("hourly", List.of(
            Field.required("site", FieldType.STRING),
            Field.required("window_start", FieldType.TIMESTAMP),
            Field.required("readings", FieldType.LONG)));

    @TempDir java.nio.file.Path tmp;

    @ParameterizedTest
    @EnumSource(value = RuntimeExecutionMode.class, names = {"BATCH", "STREAMING"})
    void aBoundedRunPublishesTheWholeTableAsComplete(RuntimeExecutionMode mode) throws Exception {
        LakeDef lake = new LakeDef(tmp.resolve("lake").toUri().toString(), 0, MemorySize.ZERO)
                .withIceberg(IcebergCatalog.hadoopInLakeRoot(), "it");
        // three days of hourly rows, the same for both modes; an independent expectation: site -> total
        List<Row> rows = new ArrayList<>();
        Map<String, Long> expected = new TreeMap<>();
        Instant start = Instant.parse("2026-03-01T00:00:00Z");
        for (int h = 0; h < 72; h++) {
            String site = "s" + (h % 3);
            rows.add(Row.of(site, start.plus(Duration.ofHours(h)), (long) h));
            expected.merge(site, (long) h, Long::sum);
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(mode);
        env.setParallelism(2);
        if (mode == RuntimeExecutionMode.STREAMING) {
            env.enableCheckpointing(100);
        }
        DataStream<Row> in = env.fromData(READINGS.rowTypeInfo(), rows.toArray(new Row[0]))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Row>forMonotonousTimestamps()
                        .withTimestampAssigner((r, t) -> ((Instant) r.getField(1)).toEpochMilli()));
        ModelLanding.land("gold", "hourly", in, READINGS, "window_start", lake.layout(), lake.sinks(), "t-");
        ModelLanding.landLate("gold", "hourly", "readings", env.fromData(LateRecords.SCHEMA.rowTypeInfo(), lateRow()),
                lake.layout(), lake.sinks(), "t-");
        env.execute("iceberg completeness " + mode);

        try (IcebergLakeITCase.Closing c = IcebergLakeITCase.open(lake)) {
            TableIdentifier hourly = lake.iceberg().identifier(LakeTable.of("gold", "hourly", READINGS, "window_date", "window_start"));
            Table t = c.catalog.loadTable(hourly);
            assertThat(t.properties()).containsEntry(IcebergCompleteness.COMPLETE_THROUGH, "all")
                    .containsEntry(IcebergCompleteness.WATERMARK, Long.toString(Long.MAX_VALUE))
                    // set when the run CREATED the table too (was only set on an existing one)
                    .containsEntry(IcebergCompleteness.EMPTY_COMMITS, "1");
            assertThat(IcebergCompleteness.isComplete(t, LocalDate.parse("2026-03-03"))).isTrue();
            Map<String, Long> totals = new TreeMap<>();
            IcebergTestReader.read(c.catalog, hourly).forEach(r -> totals.merge((String) r.get("site"), (Long) r.get("readings"), Long::sum));
            assertThat(totals).isEqualTo(expected);

            // the late side table: a flat, valid identifier; no completeness published (rows may be behind the watermark)
            TableIdentifier lateId = lake.iceberg().identifier(LakeTable.side("gold", LakeLayout.LATE, "hourly/readings",
                    LateRecords.SCHEMA, "event_date", "event_time"));
            assertThat(lateId.name()).doesNotContain("/");
            assertThat(IcebergTestReader.read(c.catalog, lateId)).singleElement()
                    .satisfies(r -> assertThat(r.get("payload")).isEqualTo(lateRow().getField(6)));
            assertThat(c.catalog.loadTable(lateId).properties()).doesNotContainKey(IcebergCompleteness.WATERMARK);
        }
    }

    private static Row lateRow() {
        return Row.of("hourly", "readings", "late: behind the watermark", Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-03-01T01:00:00Z"), null, "{\"site\":\"s9\",\"readings\":1}");
    }
}
