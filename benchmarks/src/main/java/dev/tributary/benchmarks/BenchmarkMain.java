package dev.tributary.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The benchmark harness. Generates the reference data, runs every variant in its own fresh JVM (repetitions
 * interleaved: rep 1 of every variant, then rep 2 ...), rejects any run whose counts differ from the
 * generator's expected counts, and reports medians as a table on stdout and a JSON file.
 *
 * <pre>
 *   --size N            events for the main matrix (default 1000000)
 *   --reps R            repetitions per variant (default 3)
 *   --scaling a,b,c     extra sizes for the scaling runs (library L4/L6 at p1 and p2, plain Java L6)
 *   --scaling-reps R    repetitions of the scaling runs (default 1)
 *   --only REGEX        run only variants whose name matches (e.g. 'lib:L[46]')
 *   --smoke             tiny size, one repetition, every rung and reference (CI)
 *   --in-process        run variants in this JVM instead of fresh ones (CI smoke test only; figures meaningless)
 *   --out FILE          JSON result (default benchmarks/target/results.json)
 *   --work DIR          scratch directory (default benchmarks/target/bench-work)
 * </pre>
 */
public final class BenchmarkMain {

    static final long SEED = 42;

    private BenchmarkMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        int code = run(o, System.out);
        System.exit(code);
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String k = args[i];
            if (!k.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + k + "'; options start with --");
            }
            if (k.equals("--smoke") || k.equals("--in-process")) {
                o.put(k.substring(2), "true");
            } else if (i + 1 < args.length) {
                o.put(k.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException(k + " needs a value");
            }
        }
        List<String> known = List.of("size", "reps", "scaling", "only", "smoke", "out", "work", "heap", "in-process", "scaling-reps");
        for (String k : o.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("unknown option --" + k + "; options are " + known);
            }
        }
        return o;
    }

    /** Runs the whole plan; returns 0, or 1 if any variant was rejected (the run stops at the first rejection). */
    static int run(Map<String, String> o, PrintStream out) throws Exception {
        boolean smoke = o.containsKey("smoke");
        long size = Long.parseLong(o.getOrDefault("size", smoke ? "2000" : "1000000"));
        int reps = Integer.parseInt(o.getOrDefault("reps", smoke ? "1" : "3"));
        String only = o.get("only");
        Path work = Paths.get(o.getOrDefault("work", "benchmarks/target/bench-work")).toAbsolutePath();
        Path outFile = Paths.get(o.getOrDefault("out", "benchmarks/target/results.json")).toAbsolutePath();
        List<Long> scaling = o.containsKey("scaling")
                ? Arrays.stream(o.get("scaling").split(",")).map(s -> (long) Double.parseDouble(s)).collect(Collectors.toList())
                : List.of();

        Map<Long, List<Variant>> plan = new LinkedHashMap<>();
        plan.put(size, filter(smoke ? smokeMatrix() : mainMatrix(), only));
        for (long s : scaling) {
            plan.computeIfAbsent(s, k -> new ArrayList<>());
            for (Variant v : filter(scalingMatrix(), only)) {
                if (!plan.get(s).contains(v)) {
                    plan.get(s).add(v);
                }
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", machine());
        json.put("reps", reps);
        List<Map<String, Object>> summaries = new ArrayList<>();
        List<Map<String, Object>> all = new ArrayList<>();
        List<Map<String, Object>> failures = new ArrayList<>();
        for (Map.Entry<Long, List<Variant>> step : plan.entrySet()) {
            long s = step.getKey();
            List<Variant> variants = step.getValue();
            // One file per dataset and reader: a reader taking several files of one dataset reads them in no set
            // order, and a later file read first makes the earlier one late (half the orders routed to _late).
            for (Variant v : variants) {
                Path data = data(work, s, v);
                if (!Files.exists(data.resolve(BenchData.CUSTOMERS_FILE))) {
                    deleteTree(data);
                    BenchData.write(data, BenchData.config(s, SEED), v.parallelism);
                }
            }
            out.printf(Locale.ROOT, "== %,d events (seed %d): %d variants x %d reps, each in a fresh JVM ==%n",
                    BenchData.events(BenchData.expected(BenchData.config(s, SEED))), SEED, variants.size(), s == size ? reps : Integer.parseInt(o.getOrDefault("scaling-reps", "1")));
            Map<Variant, List<Map<String, Object>>> results = new LinkedHashMap<>();
            int stepReps = s == size ? reps : Integer.parseInt(o.getOrDefault("scaling-reps", "1"));
            for (int rep = 0; rep < stepReps; rep++) {
                for (Variant v : variants) {
                    Map<String, Object> r;
                    try {
                        r = o.containsKey("in-process")
                                ? inProcess(v, data(work, s, v), work.resolve("run"), s)
                                : runChild(v, data(work, s, v), work.resolve("run"), s, o.getOrDefault("heap", "3g"));
                    } catch (Exception e) {
                        // A job that fails is reported loudly and fails the whole run (exit 1), but the other
                        // variants still run so one failure does not throw away an hour of measurements.
                        out.println("FAILED " + v + " (rep " + rep + "): " + e.getMessage().lines().filter(
                                l -> l.contains("Exception") && !l.contains("\tat ")).limit(3).collect(Collectors.joining(" | ")));
                        Map<String, Object> f = new LinkedHashMap<>();
                        f.put("variant", v.toString());
                        f.put("size", s);
                        f.put("rep", rep);
                        f.put("failed", e.getMessage());
                        failures.add(f);
                        continue;
                    }
                    r.put("rep", rep);
                    all.add(r);
                    @SuppressWarnings("unchecked")
                    List<String> errors = (List<String>) r.get("errors");
                    if (!errors.isEmpty()) {
                        out.println("REJECTED " + v + " (rep " + rep + "): " + errors);
                        json.put("runs", all);
                        json.put("rejected", v + ": " + errors);
                        write(outFile, json);
                        return 1;
                    }
                    out.printf(Locale.ROOT, "  %-30s rep %d: %,10.0f events/CPU-s  %6.1f s wall  counts ok%n", v, rep,
                            num(r, "events_per_cpu_s"), num(r, "wall_s"));
                    results.computeIfAbsent(v, k -> new ArrayList<>()).add(r);
                }
            }
            List<Map<String, Object>> sizeSummaries = new ArrayList<>();
            for (Map.Entry<Variant, List<Map<String, Object>>> e : results.entrySet()) {
                sizeSummaries.add(Report.summarize(e.getKey(), s, e.getValue()));
            }
            summaries.addAll(sizeSummaries);
        }
        json.put("summaries", summaries);
        json.put("ratios", Report.ratios(summaries, size));
        json.put("runs", all);
        json.put("failures", failures);
        Report.print(out, summaries, size);
        write(outFile, json);
        out.println("JSON: " + outFile);
        if (!failures.isEmpty()) {
            out.println(failures.size() + " run(s) FAILED; see \"failures\" in the JSON");
            return 1;
        }
        return 0;
    }

    static Path data(Path work, long size, Variant v) {
        return work.resolve("data-" + size + "-f" + v.parallelism);
    }

    /** Every rung of every implementation at p1, plus BATCH and RocksDB for the stateful rungs, plus p2. */
    static List<Variant> mainMatrix() {
        List<Variant> m = new ArrayList<>();
        for (int l = 0; l <= 6; l++) {
            m.add(Variant.of(Variant.Impl.LIB, l));
            m.add(Variant.of(Variant.Impl.SQL, l));
            m.add(Variant.of(Variant.Impl.JAVA, l));
        }
        for (int l = 4; l <= 6; l++) {
            m.add(Variant.of(Variant.Impl.LIB, l).batch());
            m.add(Variant.of(Variant.Impl.LIB, l).rocksdb());
        }
        m.add(Variant.of(Variant.Impl.LIB, 4).parallelism(2));
        m.add(Variant.of(Variant.Impl.LIB, 6).parallelism(2));
        m.add(Variant.of(Variant.Impl.LIB, 3).objectReuse());
        m.add(Variant.of(Variant.Impl.LIB, 6).objectReuse());
        m.add(Variant.of(Variant.Impl.LIB, 6).aligned());
        // Issue 17: the cost of the table format, Iceberg vs Parquet at the same rungs in the same run.
        for (int l : new int[] {3, 4, 6}) {
            m.add(Variant.of(Variant.Impl.LIB, l).iceberg());
        }
        return m;
    }

    /**
     * CI: every rung of every implementation, BATCH, RocksDB, p2 and the Iceberg lake once; not p2 at L6, whose final partition
     * markers can hit a race in the library's PartitionCommitMarker (see README), which would make CI flaky.
     */
    static List<Variant> smokeMatrix() {
        List<Variant> m = new ArrayList<>();
        for (int l = 0; l <= 6; l++) {
            m.add(Variant.of(Variant.Impl.LIB, l));
            m.add(Variant.of(Variant.Impl.SQL, l));
            m.add(Variant.of(Variant.Impl.JAVA, l));
        }
        m.add(Variant.of(Variant.Impl.LIB, 6).batch());
        m.add(Variant.of(Variant.Impl.LIB, 6).rocksdb());
        m.add(Variant.of(Variant.Impl.LIB, 4).parallelism(2));
        m.add(Variant.of(Variant.Impl.LIB, 4).iceberg());
        return m;
    }

    static List<Variant> scalingMatrix() {
        return List.of(Variant.of(Variant.Impl.LIB, 4), Variant.of(Variant.Impl.LIB, 4).parallelism(2),
                Variant.of(Variant.Impl.LIB, 6), Variant.of(Variant.Impl.LIB, 6).parallelism(2),
                Variant.of(Variant.Impl.JAVA, 6));
    }

    private static List<Variant> filter(List<Variant> vs, String only) {
        return only == null ? vs : vs.stream().filter(v -> v.toString().matches(".*(" + only + ").*")).collect(Collectors.toList());
    }

    /**
     * One run in this JVM (CI smoke only: figures are then meaningless, as the JVM is shared and warm, but every
     * variant still runs and its counts are still checked).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> inProcess(Variant v, Path data, Path work, long size) throws Exception {
        deleteTree(work);
        Files.createDirectories(work);
        ObjectMapper m = new ObjectMapper();
        Map<String, Object> r = m.readValue(m.writeValueAsBytes(VariantRunner.run(v, data, work, size, SEED)), Map.class);
        deleteTree(work);
        return r;
    }

    /** One run of one variant in a fresh JVM; the child writes its result JSON. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> runChild(Variant v, Path data, Path work, long size, String heap) throws Exception {
        deleteTree(work);
        Files.createDirectories(work);
        Path result = work.resolve("result.json");
        String cp = System.getProperty("java.class.path");
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-Xms" + heap,
                "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED"));
        // Extra child JVM options, e.g. a profiler: BENCH_CHILD_OPTS='-XX:StartFlightRecording=filename=/tmp/x.jfr'
        String extra = System.getenv("BENCH_CHILD_OPTS");
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", cp, VariantRunner.class.getName(), v.toString(), data.toString(), work.toString(),
                String.valueOf(size), String.valueOf(SEED), result.toString()));
        Path log = work.getParent().resolve("last-child.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(2, TimeUnit.HOURS)) {
            p.destroyForcibly();
            throw new IllegalStateException(v + " did not finish within 2 h");
        }
        if (!Files.exists(result)) {
            throw new IllegalStateException(v + " failed (exit " + p.exitValue() + ") without a result; its output:\n"
                    + tail(log));
        }
        Map<String, Object> r = new ObjectMapper().readValue(result.toFile(), Map.class);
        deleteTree(work);
        return r;
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("java", System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return m;
    }

    static double num(Map<String, Object> r, String k) {
        Object v = r.get(k);
        return v instanceof Number ? ((Number) v).doubleValue() : Double.parseDouble(String.valueOf(v));
    }

    private static void write(Path file, Map<String, Object> json) throws IOException {
        Files.createDirectories(file.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
