package dev.tributary.cluster;

import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.demo.datagen.EventKind;
import dev.tributary.demo.datagen.GeneratedEvent;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.lake.LakeFiles;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.demo.reference.ReferencePipeline;

import org.apache.flink.types.Row;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What bronze must land for a prefix of the generated events: per dataset, every VALID and LATE
 * entity key exactly once (duplicates dropped), every malformed event in the quarantine.
 */
final class LakeExpectations {

    static final List<DatasetDef> DATASETS = List.of(ReferencePipeline.ORDERS, ReferencePipeline.PAYMENTS);

    private final Map<String, List<String>> keys = new LinkedHashMap<>();
    private final Map<String, Long> malformed = new HashMap<>();

    LakeExpectations(List<GeneratedEvent> events) {
        for (DatasetDef ds : DATASETS) {
            keys.put(ds.name(), new ArrayList<>());
            malformed.put(ds.name(), 0L);
        }
        for (GeneratedEvent e : events) {
            if (e.getKind() == EventKind.VALID || e.getKind() == EventKind.LATE) {
                keys.get(e.getDataset()).add(e.getKey());
            } else if (e.getKind() != EventKind.DUPLICATE) {
                malformed.merge(e.getDataset(), 1L, Long::sum);
            }
        }
    }

    /**
     * True once the committed files hold the expected counts; throws {@link AssertionError} at once
     * if any count is already exceeded (a duplicate never goes away by waiting).
     */
    boolean reached(LakeLayout lake) {
        boolean all = true;
        for (DatasetDef ds : DATASETS) {
            long landed = landed(lake, ds).size();
            long quarantined = quarantined(lake, ds).size();
            long wantLanded = keys.get(ds.name()).size();
            long wantQuarantined = malformed.get(ds.name());
            if (landed > wantLanded || quarantined > wantQuarantined) {
                throw new AssertionError(ds.name() + ": " + landed + " landed / " + quarantined
                        + " quarantined, more than the expected " + wantLanded + " / " + wantQuarantined);
            }
            all &= landed == wantLanded && quarantined == wantQuarantined;
        }
        return all;
    }

    /** Every expected key exactly once, nothing else; the quarantine holds exactly the malformed records. */
    void assertExactly(LakeLayout lake) {
        for (DatasetDef ds : DATASETS) {
            int keyPos = BronzeSchemas.landed(ds.schema()).indexOf(ds.dedupeKey().get(0));
            List<String> landedKeys = new ArrayList<>();
            for (Row r : landed(lake, ds)) {
                landedKeys.add(String.valueOf(r.getField(keyPos)));
            }
            assertThat(landedKeys).as("landed %s keys", ds.name())
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(keys.get(ds.name()));
            assertThat((long) quarantined(lake, ds).size()).as("quarantined %s", ds.name())
                    .isEqualTo(malformed.get(ds.name()));
        }
    }

    /** No string column anywhere in bronze equals a clear PII value of the generator. */
    void assertNoClearPii(LakeLayout lake, List<String> clearValues) {
        Set<String> clear = new HashSet<>(clearValues);
        for (DatasetDef ds : DATASETS) {
            List<Row> rows = new ArrayList<>(landed(lake, ds));
            rows.addAll(quarantined(lake, ds));
            for (Row r : rows) {
                for (int i = 0; i < r.getArity(); i++) {
                    Object v = r.getField(i);
                    assertThat(v instanceof String && clear.contains(v)).as("clear PII in %s: %s", ds.name(), v).isFalse();
                }
            }
        }
    }

    private static List<Row> landed(LakeLayout lake, DatasetDef ds) {
        return read(() -> LakeFiles.readAll(lake.bronze(ds.name()), BronzeSchemas.landed(ds.schema())));
    }

    private static List<Row> quarantined(LakeLayout lake, DatasetDef ds) {
        return read(() -> LakeFiles.readAll(lake.bronzeQuarantine(ds.name()), BronzeSchemas.QUARANTINE));
    }

    private static List<Row> read(IoSupplier<List<Row>> reader) {
        try {
            return reader.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (DatasetDef ds : DATASETS) {
            sb.append(sb.length() == 0 ? "" : ", ").append(ds.name()).append(' ')
                    .append(keys.get(ds.name()).size()).append(" landed + ")
                    .append(malformed.get(ds.name())).append(" quarantined");
        }
        return sb.toString();
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }
}
