package dev.tributary.jobs.blocks;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each block run on MiniCluster in STREAMING and in BATCH over the same seeded random input (two-column keys with
 * nulls, records out of order within the out-of-orderness, CDC-style versions with deletes) gives the same rows.
 * Nothing in the input can be late, so STREAMING must agree with BATCH row for row. Seed: {@code
 * -Dtributary.blocks.seed} (default 15).
 */
class BlocksBatchStreamingITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final long SEED = Long.getLong("tributary.blocks.seed", 15L);
    static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(20);
    static final Instant BASE = Instant.parse("2026-03-01T22:30:00Z");
    static final RecordSchema LEFT = RecordSchema.of("left", Field.optional("k1", FieldType.INT), Field.optional("k2", FieldType.STRING),
            Field.required("ts", FieldType.TIMESTAMP), Field.decimal("v", true, 8, 2));
    static final RecordSchema RIGHT = RecordSchema.of("right", Field.optional("k1", FieldType.INT), Field.optional("k2", FieldType.STRING),
            Field.required("at", FieldType.TIMESTAMP), Field.required("w", FieldType.LONG));
    static final RecordSchema VERSIONS = RecordSchema.of("versions", Field.required("k1", FieldType.INT),
            Field.required("k2", FieldType.STRING), Field.required("valid_from", FieldType.TIMESTAMP),
            Field.optional("site", FieldType.STRING), Field.required("op", FieldType.STRING));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"interval-join aggregates", "interval-join pairs", "as-of-join", "window-aggregate hopping"})
    void streamingGivesWhatBatchGives(String block) throws Exception {
        Random rnd = new Random(SEED + block.hashCode());
        List<Row> left = rows(rnd, 300, 20_000, i -> Row.of(key1(rnd), key2(rnd), null, BigDecimal.valueOf(rnd.nextInt(100_000), 2)));
        List<Row> right = rows(rnd, 400, 15_000, i -> Row.of(key1(rnd), key2(rnd), null, (long) rnd.nextInt(50)));
        List<Row> versions = rows(rnd, 40, 150_000, i -> Row.of(1 + rnd.nextInt(3), rnd.nextBoolean() ? "a" : "b", null,
                rnd.nextInt(5) == 0 ? null : "site-" + rnd.nextInt(4), rnd.nextInt(6) == 0 ? "d" : (i < 6 ? "c" : "u")));
        BiFunction<StreamExecutionEnvironment, Boolean, DataStream<Row>> job = (env, unused) -> {
            EventTable l = table(env, "left", LEFT, "ts", left);
            switch (block) {
                case "interval-join aggregates":
                    return IntervalJoin.builder().keys(List.of("k1", "k2"), List.of("k1", "k2"))
                            .bounds(Duration.ofMinutes(-2), Duration.ofMinutes(1))
                            .aggregate(Aggregate.count("n")).aggregate(Aggregate.sum("w_sum", "w"))
                            .aggregate(Aggregate.first("first_w", "w")).aggregate(Aggregate.any("big", "w >= 40"))
                            .build().apply("silver", "j", l, table(env, "right", RIGHT, "at", right), "t-").output().rows();
                case "interval-join pairs":
                    return IntervalJoin.builder().keys(List.of("k1", "k2"), List.of("k1", "k2"))
                            .bounds(Duration.ofSeconds(-30), Duration.ofSeconds(30)).type(IntervalJoin.Type.INNER).rightPrefix("r_")
                            .build().apply("silver", "j", l, table(env, "right", RIGHT, "at", right), "t-").output().rows();
                case "as-of-join":
                    return AsOfJoin.builder().keys(List.of("k1", "k2"), List.of("k1", "k2")).op("op", java.util.Set.of("d"))
                            .take(List.of("site")).defaultValue("site", "none").validFromAs("since")
                            .build().apply("silver", "a", l, table(env, "versions", VERSIONS, "valid_from", versions), "t-")
                            .output().rows();
                default:
                    return WindowAggregate.builder().hopping(Duration.ofMinutes(30), Duration.ofMinutes(10))
                            .groupBy(List.of("k2")).groupDefault("k2", "?")
                            .measure(Aggregate.count("n")).measure(Aggregate.sum("v_sum", "v"))
                            .measure(Aggregate.avg("v_avg", "v").as("DECIMAL(10, 3)"))
                            .measure(Aggregate.countDistinct("k1s", "k1")).measure(Aggregate.countIf("big", "v >= 500"))
                            .derived(Derived.ratio("big_share", "big", "n", "DECIMAL(5, 4) NOT NULL"))
                            .build().apply("gold", "w", l, "t-").output().rows();
            }
        };
        List<String> streaming = run(RuntimeExecutionMode.STREAMING, job);
        List<String> batch = run(RuntimeExecutionMode.BATCH, job);
        assertThat(streaming).as("%s, seed %s", block, SEED).hasSizeGreaterThan(10).isEqualTo(batch);
    }

    /** Rows with unique event times {@code step} apart (plus jitter), then shuffled locally within the out-of-orderness. */
    static List<Row> rows(Random rnd, int n, long step, java.util.function.IntFunction<Row> make) {
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Row r = make.apply(i);
            r.setField(2, BASE.plusMillis(i * step + rnd.nextInt(1000)));
            out.add(r);
        }
        for (int i = 0; i + 1 < n; i++) {
            Instant a = (Instant) out.get(i).getField(2);
            Instant b = (Instant) out.get(i + 1).getField(2);
            if (rnd.nextInt(4) == 0 && Duration.between(a, b).compareTo(OUT_OF_ORDERNESS) < 0) {
                Collections.swap(out, i, i + 1);
            }
        }
        return out;
    }

    static Integer key1(Random rnd) {
        return rnd.nextInt(10) == 0 ? null : 1 + rnd.nextInt(3);
    }

    static String key2(Random rnd) {
        return rnd.nextInt(12) == 0 ? null : rnd.nextBoolean() ? "a" : "b";
    }

    static EventTable table(StreamExecutionEnvironment env, String name, RecordSchema schema, String time, List<Row> rows) {
        int at = schema.indexOf(time);
        DataStream<Row> s = env.fromData(rows, schema.rowTypeInfo()).name(name).assignTimestampsAndWatermarks(
                WatermarkStrategy.<Row>forBoundedOutOfOrderness(OUT_OF_ORDERNESS)
                        .withTimestampAssigner((r, ts) -> ((Instant) r.getField(at)).toEpochMilli()));
        return EventTable.of(name, s, schema, time, Duration.ZERO);
    }

    static List<String> run(RuntimeExecutionMode mode, BiFunction<StreamExecutionEnvironment, Boolean, DataStream<Row>> job)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(mode);
        env.setParallelism(2);
        List<String> out = new ArrayList<>();
        try (CloseableIterator<Row> it = job.apply(env, true).executeAndCollect()) {
            it.forEachRemaining(r -> out.add(r.toString()));
        }
        Collections.sort(out);
        return out;
    }
}
