package dev.tributary.jobs.lake;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.core.fs.Path;

import java.io.Serializable;

/**
 * Where each table of the lake lives under its root (a local path, {@code file://}, or {@code s3a://}).
 *
 * <pre>
 *   &lt;root&gt;/bronze/&lt;dataset&gt;/event_date=YYYY-MM-DD/part-*.parquet
 *   &lt;root&gt;/bronze/_quarantine/&lt;dataset&gt;/quarantine_date=YYYY-MM-DD/part-*.parquet
 *   &lt;root&gt;/silver/&lt;table&gt;/...      &lt;root&gt;/silver/_late/&lt;dataset&gt;/...
 *   &lt;root&gt;/gold/&lt;mart&gt;/...
 * </pre>
 */
@PublicEvolving
public final class LakeLayout implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String BRONZE = "bronze";
    public static final String SILVER = "silver";
    public static final String GOLD = "gold";
    public static final String QUARANTINE = "_quarantine";
    public static final String LATE = "_late";

    private final String root;

    public LakeLayout(String root) {
        if (root == null || root.isBlank()) {
            throw new IllegalArgumentException("lake root must be set (a local path or s3a://bucket/prefix)");
        }
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    public String root() {
        return root;
    }

    public Path table(String layer, String table) {
        return new Path(root + "/" + layer + "/" + table);
    }

    public Path bronze(String dataset) {
        return table(BRONZE, dataset);
    }

    public Path bronzeQuarantine(String dataset) {
        return new Path(root + "/" + BRONZE + "/" + QUARANTINE + "/" + dataset);
    }

    public Path silver(String table) {
        return table(SILVER, table);
    }

    public Path silverLate(String dataset) {
        return new Path(root + "/" + SILVER + "/" + LATE + "/" + dataset);
    }

    public Path gold(String mart) {
        return table(GOLD, mart);
    }

    @Override
    public String toString() {
        return root;
    }
}
