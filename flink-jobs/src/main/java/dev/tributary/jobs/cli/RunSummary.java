package dev.tributary.jobs.cli;

import dev.tributary.jobs.lake.LakeFiles;
import dev.tributary.jobs.lake.LakeLayout;

import org.apache.flink.annotation.Internal;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The end-of-run summary: per bronze dataset, in / landed / quarantined / duplicates / dropped, files and
 * files per partition, throughput; plus every other layer's counters. Built from the job's accumulators
 * (exact across failover: they are checkpointed counters) and a listing of the committed lake files.
 */
@Internal
public final class RunSummary {

    private final Map<String, Object> accumulators;
    private final LakeLayout lake;
    private final Duration elapsed;

    public RunSummary(Map<String, Object> accumulators, LakeLayout lake, Duration elapsed) {
        this.accumulators = accumulators;
        this.lake = lake;
        this.elapsed = elapsed;
    }

    public long counter(String name) {
        Object v = accumulators.get(name);
        return v instanceof Number ? ((Number) v).longValue() : 0L;
    }

    /** Datasets that reported a bronze intake counter, sorted. */
    public List<String> bronzeDatasets() {
        TreeSet<String> names = new TreeSet<>();
        for (String k : accumulators.keySet()) {
            if (k.startsWith("bronze.") && k.endsWith(".in")) {
                names.add(k.substring("bronze.".length(), k.length() - ".in".length()));
            }
        }
        return new ArrayList<>(names);
    }

    /** Sum of every quality-rule DROP counter of a dataset ({@code quality.<ds>.<rule>.dropped}). */
    public long ruleDrops(String dataset) {
        long sum = 0;
        String prefix = "quality." + dataset + ".";
        for (Map.Entry<String, Object> e : accumulators.entrySet()) {
            if (e.getKey().startsWith(prefix) && e.getKey().endsWith(".dropped") && e.getValue() instanceof Number) {
                sum += ((Number) e.getValue()).longValue();
            }
        }
        return sum;
    }

    /** True when {@code in = landed + quarantined + duplicates + dropped} holds for every dataset. */
    public boolean balanced() {
        for (String ds : bronzeDatasets()) {
            long in = counter("bronze." + ds + ".in");
            long out = counter("bronze." + ds + ".landed") + counter("bronze." + ds + ".quarantined")
                    + counter("bronze." + ds + ".duplicates") + ruleDrops(ds);
            if (in != out) {
                return false;
            }
        }
        return true;
    }

    public void print(PrintStream out) throws IOException {
        double secs = Math.max(elapsed.toMillis(), 1) / 1000.0;
        out.println();
        out.println("Bronze");
        out.printf(Locale.ROOT, "  %-12s %10s %10s %12s %11s %9s %7s %12s%n",
                "dataset", "in", "landed", "quarantined", "duplicates", "dropped", "files", "events/s");
        long total = 0;
        for (String ds : bronzeDatasets()) {
            long in = counter("bronze." + ds + ".in");
            total += in;
            Map<String, Integer> perPartition = LakeFiles.filesPerPartition(lake.bronze(ds));
            int files = perPartition.values().stream().mapToInt(Integer::intValue).sum();
            out.printf(Locale.ROOT, "  %-12s %10d %10d %12d %11d %9d %7d %12.0f%n", ds, in,
                    counter("bronze." + ds + ".landed"), counter("bronze." + ds + ".quarantined"),
                    counter("bronze." + ds + ".duplicates"), ruleDrops(ds), files, in / secs);
        }
        for (String ds : bronzeDatasets()) {
            Map<String, Integer> perPartition = LakeFiles.filesPerPartition(lake.bronze(ds));
            out.printf(Locale.ROOT, "  files per partition, %s: %s%n", ds, perPartition);
        }
        printOtherLayers(out);
        printLakeTables(out);
        out.printf(Locale.ROOT, "%n  elapsed %.1f s, %.0f events/s overall; accounting %s%n", secs, total / secs,
                balanced() ? "balanced (in = landed + quarantined + duplicates + dropped)" : "NOT BALANCED");
        out.println("  lake: " + dev.tributary.jobs.definition.Secrets.maskUserInfo(lake.root()));
    }

    /** Silver and gold tables of a Parquet lake: files, partitions, and partitions marked complete. */
    private void printLakeTables(PrintStream out) throws IOException {
        boolean header = false;
        for (String layer : List.of(LakeLayout.SILVER, LakeLayout.GOLD)) {
            org.apache.flink.core.fs.Path dir = new org.apache.flink.core.fs.Path(lake.root() + "/" + layer);
            org.apache.flink.core.fs.FileSystem fs = dir.getFileSystem();
            if (!fs.exists(dir)) {
                continue;
            }
            for (org.apache.flink.core.fs.FileStatus table : fs.listStatus(dir)) {
                String name = table.getPath().getName();
                if (!table.isDir() || name.startsWith("_") || name.startsWith(".")
                        // an Iceberg table: its completeness is in its properties, listed with its snapshot
                        || fs.exists(new org.apache.flink.core.fs.Path(table.getPath(), "metadata"))) {
                    continue;
                }
                if (!header) {
                    out.println();
                    out.println("Lake tables");
                    out.printf(Locale.ROOT, "  %-40s %7s %11s %9s%n", "table", "files", "partitions", "complete");
                    header = true;
                }
                Map<String, Integer> perPartition = LakeFiles.filesPerPartition(table.getPath());
                int files = perPartition.values().stream().mapToInt(Integer::intValue).sum();
                long complete = 0;
                for (org.apache.flink.core.fs.FileStatus p : fs.listStatus(table.getPath())) {
                    if (p.isDir() && fs.exists(new org.apache.flink.core.fs.Path(p.getPath(), "_SUCCESS"))) {
                        complete++;
                    }
                }
                out.printf(Locale.ROOT, "  %-40s %7d %11d %9d%n", layer + "/" + name, files, perPartition.size(), complete);
            }
        }
    }

    private void printOtherLayers(PrintStream out) {
        TreeSet<String> keys = new TreeSet<>();
        for (String k : accumulators.keySet()) {
            if (k.startsWith("silver.") || k.startsWith("gold.") || k.startsWith("quality.")) {
                keys.add(k);
            }
        }
        String layer = null;
        for (String k : keys) {
            String l = k.substring(0, k.indexOf('.'));
            if (!l.equals(layer)) {
                layer = l;
                out.println();
                out.println(Character.toUpperCase(l.charAt(0)) + l.substring(1));
            }
            out.printf(Locale.ROOT, "  %-48s %12d%n", k.substring(l.length() + 1), counter(k));
        }
    }
}
