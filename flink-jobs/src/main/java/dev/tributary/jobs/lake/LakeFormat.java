package dev.tributary.jobs.lake;

import org.apache.flink.annotation.PublicEvolving;

import java.util.Locale;

/** How lake tables are stored: Hive-style Parquet folders with {@code _SUCCESS} markers, or Apache Iceberg tables. */
@PublicEvolving
public enum LakeFormat {
    /** {@code <root>/<layer>/<table>/<partition>=yyyy-MM-dd/part-*.parquet}, committed by Flink's FileSink. */
    PARQUET,
    /** Iceberg tables {@code <layer>.<table>} in a catalog, Parquet data files, committed by Iceberg's Flink sink. */
    ICEBERG;

    /** The name as written in a pipeline definition. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code parquet} or {@code iceberg} (case-insensitive). */
    public static LakeFormat parse(String s) {
        for (LakeFormat f : values()) {
            if (f.key().equalsIgnoreCase(s.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown lake format '" + s + "', expected parquet or iceberg");
    }
}
