package dev.tributary.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Medians per variant, the ratios the issue asks for, and the stdout tables. */
final class Report {

    private Report() {}

    static final String[] METRICS = {"events_per_cpu_s", "cpu_s", "wall_s", "events_per_wall_s", "peak_rss_mb", "peak_heap_mb",
        "gc_share", "parquet_bytes_per_event", "bronze_orders_files_per_partition", "state_half_bytes", "state_end_bytes",
        "setup_cpu_s"};

    static Map<String, Object> summarize(Variant v, long size, List<Map<String, Object>> runs) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("variant", v.toString());
        s.put("size", size);
        s.put("events", runs.get(0).get("events"));
        s.put("runs", runs.size());
        for (String m : METRICS) {
            List<Double> xs = new ArrayList<>();
            for (Map<String, Object> r : runs) {
                xs.add(BenchmarkMain.num(r, m));
            }
            xs.sort(Double::compare);
            int n = xs.size();
            s.put(m, n % 2 == 1 ? xs.get(n / 2) : (xs.get(n / 2 - 1) + xs.get(n / 2)) / 2);
            if (m.equals("events_per_cpu_s")) {
                s.put("events_per_cpu_s_min", xs.get(0));
                s.put("events_per_cpu_s_max", xs.get(n - 1));
            }
        }
        s.put("cpu_us_per_event", 1e6 / (Double) s.get("events_per_cpu_s"));
        return s;
    }

    private static Map<String, Object> find(List<Map<String, Object>> ss, long size, String variant) {
        for (Map<String, Object> s : ss) {
            if (s.get("variant").equals(variant) && ((Number) s.get("size")).longValue() == size) {
                return s;
            }
        }
        return null;
    }

    private static Double eps(List<Map<String, Object>> ss, long size, String variant) {
        Map<String, Object> s = find(ss, size, variant);
        return s == null ? null : (Double) s.get("events_per_cpu_s");
    }

    private static Double ratio(Double a, Double b) {
        return a == null || b == null ? null : a / b;
    }

    /**
     * Ratios at the main size: per rung library / SQL and library / plain Java; BATCH / STREAMING; heap / RocksDB;
     * Iceberg / Parquet lake (events per CPU-s: below 1 = the table format costs CPU); p2 CPU per event over p1's.
     */
    static Map<String, Object> ratios(List<Map<String, Object>> ss, long size) {
        Map<String, Object> r = new LinkedHashMap<>();
        Double prevLib = null;
        for (int l = 0; l <= 6; l++) {
            Map<String, Object> rung = new LinkedHashMap<>();
            Double lib = eps(ss, size, "lib:L" + l + ":streaming:heap:p1");
            rung.put("lib_events_per_cpu_s", lib);
            rung.put("lib_over_sql", ratio(lib, eps(ss, size, "sql:L" + l + ":streaming:heap:p1")));
            rung.put("lib_over_java", ratio(lib, eps(ss, size, "java:L" + l + ":streaming:heap:p1")));
            rung.put("lib_rung_cost_cpu_us_per_event", lib == null || prevLib == null ? null : 1e6 / lib - 1e6 / prevLib);
            rung.put("batch_over_streaming", ratio(eps(ss, size, "lib:L" + l + ":batch:heap:p1"), lib));
            rung.put("heap_over_rocksdb", ratio(lib, eps(ss, size, "lib:L" + l + ":streaming:rocksdb:p1")));
            rung.put("object_reuse_over_default", ratio(eps(ss, size, "lib:L" + l + ":streaming:heap:p1:reuse"), lib));
            rung.put("iceberg_over_parquet", ratio(eps(ss, size, "lib:L" + l + ":streaming:heap:p1:iceberg"), lib));
            rung.put("p2_cpu_per_event_over_p1", ratio(lib, eps(ss, size, "lib:L" + l + ":streaming:heap:p2")));
            Map<String, Object> p1 = find(ss, size, "lib:L" + l + ":streaming:heap:p1");
            Map<String, Object> p2 = find(ss, size, "lib:L" + l + ":streaming:heap:p2");
            rung.put("p2_wall_speedup", p1 == null || p2 == null ? null : (Double) p1.get("wall_s") / (Double) p2.get("wall_s"));
            Map<String, Object> b = find(ss, size, "lib:L" + l + ":batch:heap:p1");
            rung.put("batch_wall_speedup", p1 == null || b == null ? null : (Double) p1.get("wall_s") / (Double) b.get("wall_s"));
            r.put("L" + l, rung);
            prevLib = lib;
        }
        return r;
    }

    static void print(PrintStream out, List<Map<String, Object>> ss, long size) {
        out.println();
        out.println("Per variant (medians; events/CPU-s = orders+payments events / process CPU seconds of the job in a fresh JVM)");
        out.printf(Locale.ROOT, "%-30s %9s %12s %8s %8s %8s %6s %8s %7s %10s %10s%n", "variant", "events", "events/CPU-s",
                "CPU-us/ev", "wall s", "RSS MB", "GC %", "PQ B/ev", "files/p", "state@50%", "state@90%");
        for (Map<String, Object> s : ss) {
            out.printf(Locale.ROOT, "%-30s %9d %12.0f %8.2f %8.2f %8.0f %6.1f %8.1f %7.1f %10s %10s%n", s.get("variant"),
                    ((Number) s.get("events")).longValue(), s.get("events_per_cpu_s"), s.get("cpu_us_per_event"), s.get("wall_s"),
                    s.get("peak_rss_mb"), 100 * (Double) s.get("gc_share"), s.get("parquet_bytes_per_event"),
                    s.get("bronze_orders_files_per_partition"), bytes((Double) s.get("state_half_bytes")),
                    bytes((Double) s.get("state_end_bytes")));
        }
        out.println();
        out.printf(Locale.ROOT, "Ladder at %,d events (ratios of events per CPU-second; rung cost = CPU-us/event over the rung below)%n", size);
        out.printf(Locale.ROOT, "%-4s %12s %10s %8s %8s %10s %10s %9s %9s %8s %8s%n", "rung", "lib ev/CPU-s", "rung cost",
                "lib/SQL", "lib/Java", "BATCH/STR", "heap/Rocks", "p2 wall", "BATCH wall", "ICE/PQ", "p2 CPU");
        Map<String, Object> r = ratios(ss, size);
        for (int l = 0; l <= 6; l++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> x = (Map<String, Object>) r.get("L" + l);
            out.printf(Locale.ROOT, "L%-3d %12s %10s %8s %8s %10s %10s %9s %9s %8s %8s%n", l, f(x.get("lib_events_per_cpu_s"), "%.0f"),
                    f(x.get("lib_rung_cost_cpu_us_per_event"), "%+.2f"), f(x.get("lib_over_sql"), "%.2f"), f(x.get("lib_over_java"), "%.2f"),
                    f(x.get("batch_over_streaming"), "%.2f"), f(x.get("heap_over_rocksdb"), "%.2f"), f(x.get("p2_wall_speedup"), "%.2fx"),
                    f(x.get("batch_wall_speedup"), "%.2fx"), f(x.get("iceberg_over_parquet"), "%.2f"), f(x.get("p2_cpu_per_event_over_p1"), "%.2fx"));
        }
    }

    private static String f(Object v, String fmt) {
        return v == null ? "-" : String.format(Locale.ROOT, fmt, (Double) v);
    }

    private static String bytes(Double b) {
        if (b == null || b < 0) {
            return "-";
        }
        return b < 1e6 ? String.format(Locale.ROOT, "%.0fK", b / 1e3) : String.format(Locale.ROOT, "%.1fM", b / 1e6);
    }
}
