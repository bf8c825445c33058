package dev.tributary.jobs.silver.scd2;

import dev.tributary.jobs.lake.LakeFiles;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.types.Row;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an SCD2 history back as one row per version: the closed versions plus the open versions that
 * were not closed since (see {@link Scd2Job}, "How an append-only lake represents closing a version").
 */
@PublicEvolving
public final class Scd2Versions {

    private Scd2Versions() {}

    /** One row per version of {@code job}'s tables in {@code lake}. */
    public static List<Row> read(LakeLayout lake, Scd2Job job) throws IOException {
        RecordSchema history = job.historySchema();
        return merge(history,
                LakeFiles.readAll(lake.silver(history.name()), history),
                LakeFiles.readAll(lake.silver(job.openTable()), history));
    }

    /** Every closed row, plus each opened row whose version has no closed row. */
    public static List<Row> merge(RecordSchema history, List<Row> closed, List<Row> opened) {
        int from = history.indexOf(Scd2Schemas.VALID_FROM);
        Map<List<Object>, Row> versions = new LinkedHashMap<>();
        for (Row r : closed) {
            versions.put(identity(r, from), r);
        }
        List<Row> out = new ArrayList<>(closed);
        for (Row r : opened) {
            if (!versions.containsKey(identity(r, from))) {
                out.add(r);
            }
        }
        return out;
    }

    /** A version is identified by its values and its start: the table columns, valid_from and version_lsn. */
    private static List<Object> identity(Row r, int validFrom) {
        List<Object> id = new ArrayList<>();
        for (int i = 0; i <= validFrom; i++) {
            id.add(r.getField(i));
        }
        id.add(r.getField(validFrom + 3));
        return id;
    }
}
