package dev.tributary.cluster;

import dev.tributary.testing.KafkaTestServer;
import dev.tributary.testing.Waiting;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, rescaling: a bronze -> silver -> gold pipeline (dedupe, interval join, tumbling windows) on a
 * standalone cluster with two TaskManagers of one slot each, stopped with a savepoint at parallelism 1,
 * resumed at 2 (spanning both TaskManager JVMs), stopped again and resumed at 1. Each stop happens right
 * after a batch of records and duplicates was produced, so records are in flight and join/window/dedupe
 * state is open at every savepoint; duplicates re-send records of earlier phases, so they are only dropped
 * if dedupe state was redistributed. The lake, read back with parquet-java, must equal what the test
 * computes itself from the records it produced; the counters must balance exactly.
 */
class RescalingIT {

    private static final String SECRET = "rescaling-it-secret-0123456789";
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final int ORDERS = 480;
    private static final int PHASES = 4;
    private static final long UPPER_SECONDS = 600; // the join's upper bound: payments in [order_ts, order_ts + 10 min]
    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    @RegisterExtension
    static final KafkaTestServer KAFKA = new KafkaTestServer();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path work;

    private static StandaloneFlinkCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = StandaloneFlinkCluster.start(ClusterTestPaths.flinkLib(), work.resolve("flink"),
                Map.of("TRIBUTARY_PII_KEY", SECRET), 2, 1);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void stopAtOneResumeAtTwoBackToOneLosesAndDuplicatesNothing() throws Exception {
        KAFKA.createTopic("orders", 2);
        KAFKA.createTopic("payments", 2);
        Data data = new Data(new Random(13));
        Path lake = work.resolve("lake");
        Path pipeline = Files.writeString(work.resolve("rescale.yaml"), pipeline(lake));
        FlinkRestClient rest = cluster.rest();
        String jar = rest.uploadJar(ClusterTestPaths.jobJar());

        data.produce(0);
        String job = submit(rest, jar, pipeline, 1, null);
        Waiting.waitUntil(() -> rows(lake.resolve("bronze/orders")).size() == data.distinctOrdersUpTo(0), TIMEOUT,
                "phase 0 landed in bronze");
        List<Long> rescaleMillis = new ArrayList<>();
        int[] parallelism = {2, 1};
        for (int step = 0; step < parallelism.length; step++) {
            data.produce(step + 1); // in flight when the savepoint is taken
            long stop = System.nanoTime();
            String savepoint = rest.stopWithSavepoint(job, work.resolve("savepoints"), TIMEOUT);
            long stopped = System.nanoTime();
            job = submit(rest, jar, pipeline, parallelism[step], savepoint);
            rescaleMillis.add((System.nanoTime() - stop) / 1_000_000);
            System.out.printf("[rescaling-it] to parallelism %d: savepoint + job FINISHED %d ms, resubmitted to all tasks"
                    + " RUNNING %d ms%n", parallelism[step], (stopped - stop) / 1_000_000, (System.nanoTime() - stopped) / 1_000_000);
            assertThat(rest.checkpoints(job).path("latest").path("restored").path("is_savepoint").asBoolean())
                    .as("job %s restored from %s", job, savepoint).isTrue();
            for (JsonNode v : rest.job(job).path("vertices")) {
                if (!v.path("name").asText().contains("commit markers")) { // a single-subtask operator by design
                    assertThat(v.path("parallelism").asInt()).as(v.path("name").asText()).isEqualTo(parallelism[step]);
                }
            }
            if (parallelism[step] == 2) {
                assertThat(rest.get("/taskmanagers").path("taskmanagers")).allSatisfy(tm ->
                        assertThat(tm.path("freeSlots").asInt()).as("TaskManager %s runs a subtask", tm.path("id")).isZero());
            }
            int landedBefore = data.distinctOrdersUpTo(step + 1);
            Waiting.waitUntil(() -> rows(lake.resolve("bronze/orders")).size() == landedBefore, TIMEOUT,
                    "phase " + (step + 1) + " landed in bronze at parallelism " + parallelism[step]);
        }
        data.produce(PHASES - 1);
        data.produceFlush();
        Map<String, List<String>> expected = data.expectedTables();
        Waiting.waitUntil(() -> rows(lake.resolve("gold/per_minute")).size() == expected.get("gold/per_minute").size(),
                TIMEOUT, "every window of the gold table fired");
        String last = job;
        Waiting.waitUntil(() -> rows(lake.resolve("silver/orders_paid")).size() == expected.get("silver/orders_paid").size(),
                TIMEOUT, "every order's join result committed");
        rest.stopWithSavepoint(last, work.resolve("savepoints"), TIMEOUT);
        System.out.printf("[rescaling-it] stop-with-savepoint -> resumed job RUNNING: 1 -> 2: %d ms, 2 -> 1: %d ms%n",
                rescaleMillis.get(0), rescaleMillis.get(1));

        for (Map.Entry<String, List<String>> table : expected.entrySet()) {
            assertThat(rows(lake.resolve(table.getKey()))).as(table.getKey()).isEqualTo(table.getValue());
        }
        Map<String, Long> counters = accumulators(rest, last);
        assertThat(counters).containsEntry("bronze.orders.in", (long) data.sent("orders"))
                .containsEntry("bronze.orders.landed", (long) data.distinct("orders"))
                .containsEntry("bronze.orders.duplicates", (long) (data.sent("orders") - data.distinct("orders")))
                .containsEntry("bronze.payments.in", (long) data.sent("payments"))
                .containsEntry("bronze.payments.landed", (long) data.distinct("payments"))
                .containsEntry("bronze.payments.duplicates", (long) (data.sent("payments") - data.distinct("payments")))
                .containsEntry("silver.orders_paid.out", (long) expected.get("silver/orders_paid").size())
                .containsEntry("silver.orders_paid.orders.late", 0L)
                .containsEntry("silver.orders_paid.payments.late", 0L)
                .containsEntry("bronze.orders.quarantined", 0L)
                .containsEntry("bronze.payments.quarantined", 0L)
                .containsEntry("gold.per_minute.orders_paid.in", (long) expected.get("silver/orders_paid").size())
                .containsEntry("gold.per_minute.orders_paid.late", 0L)
                .containsEntry("gold.per_minute.out", (long) expected.get("gold/per_minute").size());
    }

    /**
     * Submits over REST (main() in the JobManager). A resume right after the stop is accepted at once: the
     * stopped job's writer lease is free because the cluster reports that job FINISHED (no TTL wait).
     */
    private static String submit(FlinkRestClient rest, String jar, Path pipeline, int parallelism, String savepoint)
            throws InterruptedException {
        List<String> args = List.of("run", "--pipeline", pipeline.toString(), "--parallelism", Integer.toString(parallelism));
        long t0 = System.nanoTime();
        String job = rest.run(jar, args, savepoint, null);
        long submitted = System.nanoTime();
        rest.awaitAllVerticesRunning(job, TIMEOUT);
        System.out.printf("[rescaling-it] job %s at parallelism %d: REST run returned in %d ms, all tasks RUNNING %d ms later%n",
                job, parallelism, (submitted - t0) / 1_000_000, (System.nanoTime() - submitted) / 1_000_000);
        return job;
    }

    private static Map<String, Long> accumulators(FlinkRestClient rest, String job) {
        Map<String, Long> values = new TreeMap<>();
        for (JsonNode a : rest.get("/jobs/" + job + "/accumulators").path("user-task-accumulators")) {
            values.put(a.path("name").asText(), Long.parseLong(a.path("value").asText()));
        }
        return values;
    }

    private static String pipeline(Path lake) {
        String kafka = KAFKA.bootstrapServers();
        StringBuilder y = new StringBuilder(String.join("\n",
                "pipeline: {name: rescale}",
                "runtime: {mode: streaming, checkpoint-interval: 1 s, parallelism: 1}",
                "lake: {root: '" + lake + "'}",
                "sources:"));
        for (String[] s : new String[][] {{"orders", "order_id: STRING NOT NULL, order_ts: TIMESTAMP NOT NULL, amount: LONG NOT NULL", "order_ts", "order_id"},
                {"payments", "payment_id: STRING NOT NULL, order_id: STRING NOT NULL, payment_ts: TIMESTAMP NOT NULL, amount: LONG NOT NULL", "payment_ts", "payment_id"}}) {
            y.append("\n  ").append(s[0]).append(":\n    kind: kafka")
                    .append("\n    options: {bootstrap-servers: '").append(kafka).append("', topic: ").append(s[0]).append(", group-id: rescale}")
                    .append("\n    schema: {").append(s[1]).append('}')
                    .append("\n    event-time: {column: ").append(s[2]).append(", out-of-orderness: 5 s, allowed-lateness: 30 s, idle-timeout: 1 h}")
                    .append("\n    bronze: {dedupe: {key: [").append(s[3]).append("], retention: 3 d}}");
        }
        return y.append(String.join("\n", "",
                "silver:",
                "  orders_paid:",
                "    block: interval-join",
                "    inputs: {left: orders, right: payments}",
                "    options:",
                "      keys: [order_id]",
                "      lower: 0 s",
                "      upper: " + UPPER_SECONDS + " s",
                "      aggregates:",
                "        payment_count: {function: count, type: LONG}",
                "        paid_amount: {function: sum, column: amount, type: LONG}",
                "gold:",
                "  per_minute:",
                "    block: window-aggregate",
                "    inputs: {input: orders_paid}",
                "    options:",
                "      size: 1 min",
                "      measures:",
                "        orders: {function: count, type: LONG}",
                "        revenue: {function: sum, column: paid_amount, type: LONG}",
                "")).toString();
    }

    /** Visible Parquet rows of a table folder as "column=value|..." strings, sorted (parquet-java, not our reader). */
    @SuppressWarnings("deprecation")
    static List<String> rows(Path table) {
        try {
            return readRows(table);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("deprecation")
    private static List<String> readRows(Path table) throws IOException {
        List<String> rows = new ArrayList<>();
        if (!Files.isDirectory(table)) {
            return rows;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(table)) {
            files = walk.filter(p -> p.getFileName().toString().endsWith(".parquet")
                    && Stream.of(table.relativize(p).toString().split("/")).noneMatch(n -> n.startsWith(".") || n.startsWith("_")))
                    .collect(Collectors.toList());
        }
        for (Path f : files) {
            try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(f.toUri()))
                    .withConf(new Configuration()).build()) {
                for (Group g = reader.read(); g != null; g = reader.read()) {
                    rows.add(row(g));
                }
            }
        }
        rows.sort(null);
        return rows;
    }

    private static String row(Group g) {
        List<String> cols = new ArrayList<>();
        for (int i = 0; i < g.getType().getFieldCount(); i++) {
            String name = g.getType().getFieldName(i);
            if (name.startsWith("_") || g.getFieldRepetitionCount(i) == 0) {
                continue; // lineage columns (_source, _ingested_at, ...) differ between runs by design
            }
            LogicalTypeAnnotation t = g.getType().getType(i).getLogicalTypeAnnotation();
            String value;
            if (t instanceof TimestampLogicalTypeAnnotation ts) {
                long v = g.getLong(i, 0);
                value = switch (ts.getUnit()) {
                    case MILLIS -> Instant.ofEpochMilli(v).toString();
                    case MICROS -> Instant.ofEpochSecond(0, v * 1000).toString();
                    case NANOS -> Instant.ofEpochSecond(0, v).toString();
                };
            } else {
                value = g.getValueToString(i, 0);
            }
            cols.add(name + "=" + value);
        }
        return String.join("|", cols);
    }

    /** The records of the test, per phase, and what the lake must hold (computed here, not by the job). */
    private static final class Data {
        final Random random;
        final List<List<String[]>> orders = new ArrayList<>(); // per phase: {id, ts, amount, partition}
        final List<List<String[]>> payments = new ArrayList<>(); // {id, order id, ts, amount, partition}
        final Map<String, Integer> sent = new HashMap<>();
        final Map<String, Integer> distinct = new HashMap<>();
        final Map<String, List<String[]>> sentRecords = new HashMap<>();
        final List<String[]> allOrders = new ArrayList<>();
        final List<String[]> allPayments = new ArrayList<>();

        Data(Random random) {
            this.random = random;
            for (int p = 0; p < PHASES; p++) {
                orders.add(new ArrayList<>());
                payments.add(new ArrayList<>());
            }
            long phaseSeconds = ORDERS * 2L / PHASES;
            List<String[]> pays = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                long t = i * 2L;
                String[] o = {"o" + i, Long.toString(t), Long.toString(1 + random.nextInt(500)), Integer.toString(random.nextInt(2))};
                orders.get((int) (t / phaseSeconds)).add(o);
                allOrders.add(o);
                int n = random.nextInt(10) < 7 ? 1 + random.nextInt(2) : 0;
                for (int k = 0; k < n; k++) {
                    // up to 12 min after the order: some fall outside the join's 10 min
                    long pt = t + random.nextInt(720);
                    pays.add(new String[] {"p" + i + "-" + k, o[0], Long.toString(pt), Long.toString(1 + random.nextInt(500)),
                            Integer.toString(random.nextInt(2))});
                }
            }
            pays.sort((a, b) -> Long.compare(Long.parseLong(a[2]), Long.parseLong(b[2])));
            for (String[] p : pays) {
                payments.get((int) Math.min(PHASES - 1, Long.parseLong(p[2]) / phaseSeconds)).add(p);
                allPayments.add(p);
            }
        }

        int distinctOrdersUpTo(int phase) {
            int n = 0;
            for (int p = 0; p <= phase; p++) {
                n += orders.get(p).size();
            }
            return n;
        }

        /**
         * The phase's orders and payments merged in event-time order (so neither source runs ahead of the
         * other), each followed now and then by a re-send of an earlier record of its topic.
         */
        void produce(int phase) throws Exception {
            List<String[]> os = orders.get(phase);
            List<String[]> ps = payments.get(phase);
            int i = 0;
            int j = 0;
            while (i < os.size() || j < ps.size()) {
                boolean order = j >= ps.size() || (i < os.size() && Long.parseLong(os.get(i)[1]) <= Long.parseLong(ps.get(j)[2]));
                if (order) {
                    send("orders", os.get(i++));
                } else {
                    send("payments", ps.get(j++));
                }
            }
        }

        private void send(String topic, String[] r) throws Exception {
            KAFKA.produce(topic, r[0], json(topic, r), Integer.parseInt(r[r.length - 1]));
            distinct.merge(topic, 1, Integer::sum);
            sent.merge(topic, 1, Integer::sum);
            List<String[]> earlier = sentRecords.computeIfAbsent(topic, t -> new ArrayList<>());
            earlier.add(r);
            if (random.nextInt(8) == 0) { // never ahead of the original: a re-send of a record already sent
                String[] d = earlier.get(random.nextInt(earlier.size()));
                // a duplicate may land in the other partition: another subtask after a rescale
                KAFKA.produce(topic, d[0], json(topic, d), random.nextInt(2));
                sent.merge(topic, 1, Integer::sum);
            }
        }

        /** One record a day later in every partition: the watermark passes every join and window. */
        void produceFlush() throws Exception {
            for (int partition = 0; partition < 2; partition++) {
                String[] o = {"flush" + partition, Long.toString(86_400), "0", Integer.toString(partition)};
                String[] p = {"flush-p" + partition, o[0], Long.toString(86_400), "0", Integer.toString(partition)};
                KAFKA.produce("orders", o[0], json("orders", o), partition);
                KAFKA.produce("payments", p[0], json("payments", p), partition);
                for (String topic : List.of("orders", "payments")) {
                    distinct.merge(topic, 1, Integer::sum);
                    sent.merge(topic, 1, Integer::sum);
                }
                allOrders.add(o);
                allPayments.add(p);
            }
        }

        int sent(String topic) {
            return sent.getOrDefault(topic, 0);
        }

        int distinct(String topic) {
            return distinct.getOrDefault(topic, 0);
        }

        private static String json(String topic, String[] r) {
            return "orders".equals(topic)
                    ? String.format("{\"order_id\":\"%s\",\"order_ts\":\"%s\",\"amount\":%s}", r[0], ts(r[1]), r[2])
                    : String.format("{\"payment_id\":\"%s\",\"order_id\":\"%s\",\"payment_ts\":\"%s\",\"amount\":%s}",
                            r[0], r[1], ts(r[2]), r[3]);
        }

        private static String ts(String seconds) {
            return T0.plusSeconds(Long.parseLong(seconds)).toString();
        }

        Map<String, List<String>> expectedTables() {
            Map<String, List<String>> tables = new TreeMap<>();
            tables.put("bronze/orders", allOrders.stream()
                    .map(o -> "order_id=" + o[0] + "|order_ts=" + ts(o[1]) + "|amount=" + o[2]).sorted().collect(Collectors.toList()));
            tables.put("bronze/payments", allPayments.stream()
                    .map(p -> "payment_id=" + p[0] + "|order_id=" + p[1] + "|payment_ts=" + ts(p[2]) + "|amount=" + p[3])
                    .sorted().collect(Collectors.toList()));
            List<String> silver = new ArrayList<>();
            Map<Long, long[]> windows = new TreeMap<>();
            for (String[] o : allOrders.subList(0, ORDERS)) { // the flush orders' results lie beyond the watermark
                long t = Long.parseLong(o[1]);
                long count = 0;
                long sum = 0;
                for (String[] p : allPayments) {
                    long pt = Long.parseLong(p[2]);
                    if (p[1].equals(o[0]) && pt >= t && pt <= t + UPPER_SECONDS) {
                        count++;
                        sum += Long.parseLong(p[3]);
                    }
                }
                silver.add("order_id=" + o[0] + "|order_ts=" + ts(o[1]) + "|amount=" + o[2] + "|payment_count=" + count
                        + "|paid_amount=" + sum);
                long[] w = windows.computeIfAbsent(t / 60 * 60, k -> new long[2]);
                w[0]++;
                w[1] += sum;
            }
            silver.sort(null);
            tables.put("silver/orders_paid", silver);
            tables.put("gold/per_minute", windows.entrySet().stream()
                    .map(w -> "window_start=" + ts(Long.toString(w.getKey())) + "|window_end=" + ts(Long.toString(w.getKey() + 60))
                            + "|orders=" + w.getValue()[0] + "|revenue=" + w.getValue()[1])
                    .sorted().collect(Collectors.toList()));
            return tables;
        }
    }
}
