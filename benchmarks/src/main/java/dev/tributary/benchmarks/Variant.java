package dev.tributary.benchmarks;

import java.util.Locale;

/**
 * One thing the harness measures: an implementation (the library, hand-written Flink SQL, or the plain-Java
 * floor), a rung L0-L6, runtime mode, state backend and parallelism. Spelled {@code lib:L4:streaming:heap:p1}.
 */
final class Variant {

    enum Impl { LIB, SQL, JAVA }

    final Impl impl;
    final int level;
    final boolean batch;
    final boolean rocksdb;
    final int parallelism;
    /** Flink object reuse (no defensive copy between chained operators); the experiment on the biggest cost. */
    final boolean objectReuse;
    /**
     * Sources in the datasets' sync group (watermark alignment), as in production: the files are read by
     * continuously monitoring file sources (unbounded, so BronzeJob aligns them) and the run ends with a
     * stop-with-savepoint that drains (end of event time) once every event has entered bronze.
     */
    final boolean aligned;
    /**
     * The lake as Apache Iceberg tables (Hadoop catalog at the lake root, Iceberg's Flink sink committing on
     * checkpoints) instead of Parquet folders: the same data files, plus the table format's cost.
     */
    final boolean iceberg;

    Variant(Impl impl, int level, boolean batch, boolean rocksdb, int parallelism) {
        this(impl, level, batch, rocksdb, parallelism, false, false, false);
    }

    Variant(Impl impl, int level, boolean batch, boolean rocksdb, int parallelism, boolean objectReuse, boolean aligned,
            boolean iceberg) {
        this.impl = impl;
        this.level = level;
        this.batch = batch;
        this.rocksdb = rocksdb;
        this.parallelism = parallelism;
        this.objectReuse = objectReuse;
        this.aligned = aligned;
        this.iceberg = iceberg;
    }

    Variant aligned() {
        return new Variant(impl, level, batch, rocksdb, parallelism, objectReuse, true, iceberg);
    }

    Variant objectReuse() {
        return new Variant(impl, level, batch, rocksdb, parallelism, true, aligned, iceberg);
    }

    Variant iceberg() {
        return new Variant(impl, level, batch, rocksdb, parallelism, objectReuse, aligned, true);
    }

    static Variant of(Impl impl, int level) {
        return new Variant(impl, level, false, false, 1);
    }

    Variant batch() {
        return new Variant(impl, level, true, rocksdb, parallelism, objectReuse, aligned, iceberg);
    }

    Variant rocksdb() {
        return new Variant(impl, level, batch, true, parallelism, objectReuse, aligned, iceberg);
    }

    Variant parallelism(int p) {
        return new Variant(impl, level, batch, rocksdb, p, objectReuse, aligned, iceberg);
    }

    static Variant parse(String s) {
        String[] p = s.split(":");
        java.util.List<String> flags = java.util.Arrays.asList(p).subList(Math.min(5, p.length), p.length);
        return new Variant(Impl.valueOf(p[0].toUpperCase(Locale.ROOT)), Integer.parseInt(p[1].substring(1)),
                p[2].equals("batch"), p[3].equals("rocksdb"), Integer.parseInt(p[4].substring(1)),
                flags.contains("reuse"), flags.contains("aligned"), flags.contains("iceberg"));
    }

    @Override
    public String toString() {
        return impl.name().toLowerCase(Locale.ROOT) + ":L" + level + ":" + (batch ? "batch" : "streaming") + ":"
                + (rocksdb ? "rocksdb" : "heap") + ":p" + parallelism + (objectReuse ? ":reuse" : "") + (aligned ? ":aligned" : "")
                + (iceberg ? ":iceberg" : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Variant && o.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
