package dev.tributary.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.demo.datagen.ExpectedCounts;
import dev.tributary.demo.datagen.GeneratorConfig;
import dev.tributary.demo.reference.GoldSchemas;
import dev.tributary.jobs.lake.FlinkInputFile;
import dev.tributary.jobs.lake.LakeFiles;
import dev.tributary.jobs.lake.LakeLayout;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.apache.parquet.hadoop.ParquetFileReader;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Child JVM entry point: runs ONE variant once, in this fresh JVM, measures it, checks its output counts
 * against the generator's exact expected counts and writes one JSON result. Exits non-zero if the counts
 * are wrong, so a wrong run is rejected rather than reported.
 */
public final class VariantRunner {

    private VariantRunner() {}

    public static void main(String[] args) throws Exception {
        Variant v = Variant.parse(args[0]);
        Path data = Paths.get(args[1]);
        Path work = Paths.get(args[2]);
        long size = Long.parseLong(args[3]);
        long seed = Long.parseLong(args[4]);
        Path resultFile = Paths.get(args[5]);
        Map<String, Object> result = run(v, data, work, size, seed);
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(resultFile.toFile(), result);
        @SuppressWarnings("unchecked")
        List<String> errors = (List<String>) result.get("errors");
        if (!errors.isEmpty()) {
            System.err.println("COUNTS WRONG for " + v + ": " + errors);
            System.exit(3);
        }
        System.exit(0);
    }

    static Map<String, Object> run(Variant v, Path data, Path work, long size, long seed) throws Exception {
        GeneratorConfig config = BenchData.config(size, seed);
        ExpectedCounts expected = BenchData.expected(config);
        Path lakeDir = work.resolve("lake");
        Files.createDirectories(lakeDir);
        LakeLayout lake = new LakeLayout(lakeDir.toUri().toString());
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long[] mark = new long[4];
        Map<String, Long> counts = new TreeMap<>();
        List<ClusterRun.Checkpoint> checkpoints = new ArrayList<>();
        long setupStartCpu = os.getProcessCpuTime();
        if (v.impl == Variant.Impl.JAVA) {
            PlainJavaFloor floor = new PlainJavaFloor(v.level, lakeDir);
            mark(mark, os);
            floor.run(data);
            markEnd(mark, os);
            counts.putAll(floor.counts);
        } else {
            ClusterRun cluster = ClusterRun.create(v.parallelism, v.rocksdb, work.resolve("checkpoints"));
            StreamExecutionEnvironment env = cluster.environment();
            env.setRuntimeMode(v.batch ? RuntimeExecutionMode.BATCH : RuntimeExecutionMode.STREAMING);
            if (!v.batch) {
                env.enableCheckpointing(2000);
            }
            if (v.objectReuse) {
                env.getConfig().enableObjectReuse();
            }
            if (v.aligned) {
                cluster.stopWhenIn = BenchData.events(expected);
            }
            if (v.impl == Variant.Impl.LIB) {
                LibraryLadder.build(env, v.level, data, lake, config, v.aligned, LibraryLadder.sinks(v.iceberg));
            } else {
                SqlReference.build(env, v.level, data, lakeDir);
            }
            cluster.execute(env, () -> mark(mark, os), () -> markEnd(mark, os));
            for (Map.Entry<String, Object> e : cluster.accumulators().entrySet()) {
                if (e.getValue() instanceof Number) {
                    counts.put(e.getKey(), ((Number) e.getValue()).longValue());
                }
            }
            checkpoints.addAll(cluster.checkpoints);
        }
        long events = BenchData.events(expected);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("variant", v.toString());
        r.put("size", size);
        r.put("events", events);
        // Process CPU time ticks in milliseconds or coarser: never divide by zero on tiny runs.
        double cpuS = Math.max(1e-3, (mark[1] - mark[0]) / 1e9);
        double wallS = Math.max(1e-3, (mark[3] - mark[2]) / 1e9);
        r.put("cpu_s", cpuS);
        r.put("wall_s", wallS);
        r.put("setup_cpu_s", (mark[0] - setupStartCpu) / 1e9);
        r.put("events_per_cpu_s", events / cpuS);
        r.put("events_per_wall_s", events / wallS);
        r.put("peak_rss_mb", peakRssMb());
        r.put("peak_heap_mb", peakHeapMb());
        r.put("gc_share", gcMillis() / 1000.0 / Math.max(wallS, 1e-9));
        long parquetBytes = 0;
        for (Path f : dataFiles(lakeDir)) {
            parquetBytes += Files.size(f);
        }
        r.put("parquet_bytes", parquetBytes);
        r.put("parquet_bytes_per_event", parquetBytes / (double) events);
        r.put("bronze_orders_files_per_partition", filesPerPartition(lakeDir.resolve("bronze/orders")));
        Map<String, Long> rows = new TreeMap<>();
        for (String table : v.iceberg ? new String[0] : new String[] {"bronze/orders", "bronze/payments", "bronze/_quarantine/orders",
            "bronze/_quarantine/payments", "silver/orders_enriched"}) {
            if (Files.isDirectory(lakeDir.resolve(table))) {
                rows.put(table, parquetRows(lakeDir.resolve(table)));
            }
        }
        if (v.iceberg) {
            rows.putAll(IcebergTables.rows(lake));
        }
        if (v.level >= 6 && v.impl != Variant.Impl.JAVA) {
            rows.put("gold/payment_conversion_daily.orders", v.iceberg ? IcebergTables.goldDailyOrders(lake)
                    : goldDailyOrders(lake, v.impl == Variant.Impl.SQL, lakeDir));
        }
        r.put("counts", counts);
        r.put("parquet_rows", rows);
        List<Map<String, Object>> cps = new ArrayList<>();
        for (ClusterRun.Checkpoint c : checkpoints) {
            cps.add(Map.of("at", c.at, "state_bytes", c.stateSize, "by_vertex", c.byVertex));
        }
        r.put("checkpoints", cps);
        r.put("state_half_bytes", stateNear(checkpoints, 0.5));
        r.put("state_end_bytes", stateNear(checkpoints, 0.9));
        // One checkpoint is a noisy sample (aligned joins saw-tooth as the sync group pauses and resumes an input):
        // the interval join's mean state over 40-60 % and over 80-95 % of the run says whether it grows.
        r.put("join_state_mean_40_60_bytes", meanState(checkpoints, "interval", 0.4, 0.6));
        r.put("join_state_mean_80_95_bytes", meanState(checkpoints, "interval", 0.8, 0.95));
        r.put("errors", Validation.check(v, expected, counts, rows));
        return r;
    }

    private static void mark(long[] m, com.sun.management.OperatingSystemMXBean os) {
        m[0] = os.getProcessCpuTime();
        m[2] = System.nanoTime();
        gcAtStart = gcMillisRaw();
    }

    private static void markEnd(long[] m, com.sun.management.OperatingSystemMXBean os) {
        m[1] = os.getProcessCpuTime();
        m[3] = System.nanoTime();
        gcAtEnd = gcMillisRaw();
    }

    private static long gcAtStart;
    private static long gcAtEnd;

    private static long gcMillis() {
        return gcAtEnd - gcAtStart;
    }

    private static long gcMillisRaw() {
        long t = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            t += Math.max(0, gc.getCollectionTime());
        }
        return t;
    }

    /** State size of the completed checkpoint triggered nearest to {@code fraction} of the run; -1 without checkpoints. */
    static long stateNear(List<ClusterRun.Checkpoint> cps, double fraction) {
        long best = -1;
        double dist = Double.MAX_VALUE;
        for (ClusterRun.Checkpoint c : cps) {
            if (Math.abs(c.at - fraction) < dist) {
                dist = Math.abs(c.at - fraction);
                best = c.stateSize;
            }
        }
        return best;
    }

    /** Mean state of the vertices whose name contains {@code vertex} over checkpoints in [from, to]; -1 without any. */
    static double meanState(List<ClusterRun.Checkpoint> cps, String vertex, double from, double to) {
        long sum = 0;
        int n = 0;
        for (ClusterRun.Checkpoint c : cps) {
            if (c.at >= from && c.at <= to) {
                sum += c.byVertex.entrySet().stream().filter(e -> e.getKey().contains(vertex)).mapToLong(Map.Entry::getValue).sum();
                n++;
            }
        }
        return n == 0 ? -1 : sum / (double) n;
    }

    static double peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return -1;
    }

    static double peakHeapMb() {
        long b = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                b += p.getPeakUsage().getUsed();
            }
        }
        return b / 1048576.0;
    }

    /** Committed data files: no hidden in-progress files, no markers, no Iceberg metadata (manifests, snapshots). */
    static List<Path> dataFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/checkpoints/") && !p.toString().contains("/metadata/"))
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return !n.startsWith(".") && !n.startsWith("_") && !n.endsWith(".crc");
                    }).collect(Collectors.toList());
        }
    }

    static double filesPerPartition(Path table) throws IOException {
        if (!Files.isDirectory(table)) {
            return 0;
        }
        Map<Path, Integer> per = new TreeMap<>();
        for (Path f : dataFiles(table)) {
            per.merge(f.getParent(), 1, Integer::sum);
        }
        return per.isEmpty() ? 0 : per.values().stream().mapToInt(Integer::intValue).average().orElse(0);
    }

    static long parquetRows(Path table) throws IOException {
        long n = 0;
        for (Path f : dataFiles(table)) {
            try (ParquetFileReader r = ParquetFileReader.open(new FlinkInputFile(new org.apache.flink.core.fs.Path(f.toUri())))) {
                n += r.getRecordCount();
            }
        }
        return n;
    }

    static long goldDailyOrders(LakeLayout lake, boolean sql, Path lakeDir) throws IOException {
        long n = 0;
        if (sql) {
            // The SQL mart's own layout: orders is column 2 too.
            for (Path f : dataFiles(lakeDir.resolve("gold/payment_conversion_daily"))) {
                try (ParquetFileReader r = ParquetFileReader.open(new FlinkInputFile(new org.apache.flink.core.fs.Path(f.toUri())))) {
                    n += r.getRecordCount() > 0 ? 1 : 0;
                }
            }
            return n;
        }
        for (Row row : LakeFiles.readAll(lake.gold(GoldSchemas.PAYMENT_CONVERSION_DAILY), GoldSchemas.PAYMENT_CONVERSION_DAILY_SCHEMA)) {
            n += (Long) row.getField(2);
        }
        return n;
    }
}
