package dev.tributary.benchmarks.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs the JMH benchmark methods of {@link BronzeOperatorBenchmarks}, {@link ExchangeBenchmarks}, {@link BatchSortBenchmarks}, {@link BucketIdBenchmarks}, {@link ParquetRowBenchmarks} and {@link HotPathBenchmarks} in a plain loop and
 * reports <b>thread CPU time</b> per operation (median of 5 rounds after warm-up). JMH measures wall time, which
 * on a machine whose load is 10x its cores says more about the scheduler than about the code; CPU time of the
 * measuring thread does not. Usage: {@code ./benchmarks/run cpu [ops-per-round] [v1|v2|v3|""] [name filter] [rounds]}
 * (e.g. {@code cpu 100000 v3 dedupe}: only benchmarks whose name contains "dedupe").
 */
public final class CpuTimeRunner {

    /** Only benchmarks whose printed name contains this (empty: all). */
    private static String filter = "";
    /** Measured rounds per benchmark (median reported). */
    private static int rounds = 5;

    private CpuTimeRunner() {}

    public static void main(String[] args) throws Exception {
        int ops = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        System.out.printf(Locale.ROOT, "%-52s %12s %12s%n", "benchmark", "CPU-ns/op", "min..max");
        // One implementation per JVM gives each its own JIT profile (JMH forks for the same reason): pass v1, v2 or v3.
        String only = args.length > 1 ? args[1] : "";
        filter = args.length > 2 ? args[2] : "";
        rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        for (String[] params : new String[][] {{"v1", "streaming"}, {"v2", "streaming"}, {"v3", "streaming"}, {"v1", "batch"}, {"v2", "batch"}}) {
            if (!only.isEmpty() && !only.equals(params[0])) {
                continue;
            }
            BronzeOperatorBenchmarks b = new BronzeOperatorBenchmarks();
            b.impl = params[0];
            b.mode = params[1];
            b.setUp();
            report(t, "dedupeRecord " + params[0] + " " + params[1], b, "dedupeRecord", ops);
            if (params[0].equals("v3") && params[1].equals("streaming")) {
                report(t, "parquetFilePerFileConf (before)", b, "parquetFilePerFileConf", Math.max(50, ops / 1000));
                report(t, "parquetFilePerTaskConf (after)", b, "parquetFilePerTaskConf", Math.max(50, ops / 1000));
            }
            b.tearDown();
        }
        for (String impl : new String[] {"row", "record"}) {
            ExchangeBenchmarks x = new ExchangeBenchmarks();
            x.impl = impl;
            x.setUp();
            report(t, "exchangeRoundTrip " + impl, x, "exchangeRoundTrip", ops);
            report(t, "chainedCopy " + impl, x, "chainedCopy", ops);
        }
        for (String impl : new String[] {"before", "after"}) {
            BatchSortBenchmarks sort = new BatchSortBenchmarks();
            sort.impl = impl;
            sort.setUp();
            report(t, "batchSort per record " + impl, sort, "sortRecords", Math.max(20, ops / 2000), BatchSortBenchmarks.RECORDS);
        }
        for (String impl : new String[] {"dictionary", "plain"}) {
            ParquetRowBenchmarks pq = new ParquetRowBenchmarks();
            pq.impl = impl;
            pq.setUp();
            report(t, "parquetRow " + impl, pq, "writeRow", ops);
            pq.tearDown();
        }
        BucketIdBenchmarks bucket = new BucketIdBenchmarks();
        bucket.setUp();
        report(t, "bucketIdPerRowBefore", bucket, "bucketIdPerRowBefore", ops);
        report(t, "bucketIdCachedAfter", bucket, "bucketIdCachedAfter", ops);
        HotPathBenchmarks h = new HotPathBenchmarks();
        h.setUp();
        for (String m : List.of("parseLibraryDecoder", "parseJacksonTree", "piiOrdersPolicy", "rulesReference2")) {
            report(t, m, h, m, ops);
        }
    }

    private static void report(ThreadMXBean t, String name, Object target, String method, int ops) throws Exception {
        report(t, name, target, method, ops, 1);
    }

    /** {@code perCall}: operations one call performs (a benchmark with {@code @OperationsPerInvocation}). */
    private static void report(ThreadMXBean t, String name, Object target, String method, int ops, int perCall) throws Exception {
        if (!name.contains(filter)) {
            return;
        }
        Method m = target.getClass().getMethod(method);
        for (int i = 0; i < ops; i++) {
            m.invoke(target);
        }
        double[] r = new double[rounds];
        for (int round = 0; round < r.length; round++) {
            long start = t.getCurrentThreadCpuTime();
            for (int i = 0; i < ops; i++) {
                m.invoke(target);
            }
            r[round] = (t.getCurrentThreadCpuTime() - start) / ((double) ops * perCall);
        }
        double[] sorted = r.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-52s %12.0f %5.0f..%-6.0f%n", name, sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1]);
    }
}
