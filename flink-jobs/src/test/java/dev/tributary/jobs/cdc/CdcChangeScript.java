package dev.tributary.jobs.cdc;

import dev.tributary.jobs.silver.scd2.Scd2Schemas;
import dev.tributary.testing.PostgresTestServer;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.types.Row;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Seeded random changes to a customers-shaped table (see {@link CdcTestData#createTable}), each in its own
 * transaction, recorded with the server's commit time ({@code pg_xact_commit_timestamp}, needs {@code
 * track_commit_timestamp=on}), so a test can compute what bronze and the SCD2 history must hold in plain
 * Java, independently of the job: inserts, updates, deletes and re-inserts of deleted keys.
 *
 * <p>Row strings compared by tests: {@code key|op|segment|country|commit ms} for bronze and {@code
 * key|segment|country|valid_from ms|valid_to ms|deleted|opened_by} for SCD2 versions. A sentinel key
 * ({@link #SENTINEL}) is touched to move event time forward and is left out of both.
 */
public final class CdcChangeScript {

    public static final String SENTINEL = "zz-sentinel";
    private static final String[] SEGMENTS = {"retail", "smb", "gold", "enterprise"};
    private static final String[] COUNTRIES = {"FR", "DE", "IT", "ES", "PL", "GB"};

    private final PostgresTestServer pg;
    private final String table;
    private final Random random;
    /** Live rows: key to {segment, country}. */
    private final Map<String, String[]> live = new TreeMap<>();
    private final List<String> deleted = new ArrayList<>();
    /** Every change: key, op, segment, country, commit ms (0 for snapshot rows). */
    private final List<Object[]> changes = new ArrayList<>();
    private int nextId;

    public CdcChangeScript(PostgresTestServer pg, String table, long seed) {
        this.pg = pg;
        this.table = table;
        this.random = new Random(seed);
    }

    /** Creates the table with {@code rows} rows plus the sentinel: what the snapshot will read. */
    public CdcChangeScript snapshot(int rows) throws Exception {
        CdcTestData.createTable(pg, table);
        List<String> sql = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            String id = nextKey();
            String[] v = {pick(SEGMENTS), pick(COUNTRIES)};
            sql.add(CdcTestData.insert(table, id, v[0], v[1], "2026-01-01T00:00:00Z"));
            live.put(id, v);
            changes.add(new Object[] {id, "r", v[0], v[1], 0L});
        }
        sql.add(CdcTestData.insert(table, SENTINEL, "retail", "FR", "2026-01-01T00:00:00Z"));
        pg.execute(sql.toArray(new String[0]));
        return this;
    }

    /** {@code n} random changes, each committed in its own transaction. */
    public void changes(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            change();
        }
    }

    private void change() throws Exception {
        int dice = random.nextInt(100);
        if (live.isEmpty() || dice < 15) {
            boolean reinsert = !deleted.isEmpty() && random.nextBoolean();
            String id = reinsert ? deleted.remove(random.nextInt(deleted.size())) : nextKey();
            String[] v = {pick(SEGMENTS), pick(COUNTRIES)};
            long ts = commit(CdcTestData.insert(table, id, v[0], v[1], "2026-02-01T00:00:00Z"));
            live.put(id, v);
            changes.add(new Object[] {id, "c", v[0], v[1], ts});
        } else {
            List<String> keys = new ArrayList<>(live.keySet());
            String id = keys.get(random.nextInt(keys.size()));
            if (dice < 30) {
                String[] v = live.remove(id);
                long ts = commit("DELETE FROM " + table + " WHERE customer_id = '" + id + "'");
                deleted.add(id);
                changes.add(new Object[] {id, "d", v[0], v[1], ts});
            } else {
                String[] v = {pick(SEGMENTS), pick(COUNTRIES)};
                long ts = commit("UPDATE " + table + " SET segment = '" + v[0] + "', country = '" + v[1]
                        + "' WHERE customer_id = '" + id + "'");
                live.put(id, v);
                changes.add(new Object[] {id, "u", v[0], v[1], ts});
            }
        }
    }

    /** Sets {@code column} (not modelled) of one live row: an update whose values the model knows. Returns the key. */
    public String updateColumn(String column, String value) throws Exception {
        String id = live.keySet().iterator().next();
        String[] v = live.get(id);
        long ts = commit("UPDATE " + table + " SET " + column + " = '" + value + "' WHERE customer_id = '" + id + "'");
        changes.add(new Object[] {id, "u", v[0], v[1], ts});
        return id;
    }

    /** Updates the sentinel row: a commit that moves event time past every earlier change. */
    public void touchSentinel() throws Exception {
        commit("UPDATE " + table + " SET country = '" + pick(COUNTRIES) + "' WHERE customer_id = '" + SENTINEL + "'");
    }

    /** Runs one statement in its own transaction; returns the commit time in ms, as Debezium reports it. */
    private long commit(String sql) throws Exception {
        try (Connection c = pg.connection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute(sql);
            String xid;
            try (ResultSet rs = s.executeQuery("SELECT pg_current_xact_id()::text")) {
                rs.next();
                xid = rs.getString(1);
            }
            c.commit();
            c.setAutoCommit(true);
            try (ResultSet rs = s.executeQuery("SELECT pg_xact_commit_timestamp('" + xid + "'::xid)")) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                return t.toInstant().toEpochMilli();
            }
        }
    }

    /** What bronze must hold for the scripted keys, one string per change, sorted. */
    public List<String> expectedBronze() {
        List<String> out = new ArrayList<>();
        for (Object[] c : changes) {
            out.add(c[0] + "|" + c[1] + "|" + c[2] + "|" + c[3] + "|" + c[4]);
        }
        out.sort(null);
        return out;
    }

    /** The same strings from landed bronze rows (in the landed layout), the sentinel left out, sorted. */
    public static List<String> bronzeStrings(List<Row> rows, RecordSchema landed) {
        int id = landed.indexOf("customer_id");
        int op = landed.indexOf(CdcSchemas.OP);
        int seg = landed.indexOf("segment");
        int country = landed.indexOf("country");
        int ts = landed.indexOf(CdcSchemas.COMMIT_TS);
        List<String> out = new ArrayList<>();
        for (Row r : rows) {
            if (!SENTINEL.equals(r.getField(id))) {
                out.add(r.getField(id) + "|" + r.getField(op) + "|" + r.getField(seg) + "|" + r.getField(country)
                        + "|" + ((Instant) r.getField(ts)).toEpochMilli());
            }
        }
        out.sort(null);
        return out;
    }

    /** The SCD2 history the changes imply, computed here in plain Java: one string per version, sorted. */
    public List<String> expectedHistory() {
        Map<String, List<Object[]>> perKey = new LinkedHashMap<>();
        for (Object[] c : changes) {
            perKey.computeIfAbsent((String) c[0], k -> new ArrayList<>()).add(c);
        }
        List<String> out = new ArrayList<>();
        for (List<Object[]> seq : perKey.values()) {
            Object[] open = null;
            for (Object[] c : seq) {
                long at = (Long) c[4];
                if (open != null) {
                    out.add(version(open, at, "d".equals(c[1])));
                }
                open = "d".equals(c[1]) ? null : c;
            }
            if (open != null) {
                out.add(version(open, null, false));
            }
        }
        out.sort(null);
        return out;
    }

    private static String version(Object[] opened, Long validTo, boolean deleted) {
        return opened[0] + "|" + opened[2] + "|" + opened[3] + "|" + opened[4] + "|" + validTo + "|" + deleted + "|" + opened[1];
    }

    /** The same strings from SCD2 rows ({@code Scd2Versions.merge}), the sentinel left out, sorted. */
    public static List<String> historyStrings(List<Row> versions, RecordSchema history) {
        int id = history.indexOf("customer_id");
        int seg = history.indexOf("segment");
        int country = history.indexOf("country");
        int from = history.indexOf(Scd2Schemas.VALID_FROM);
        int to = history.indexOf(Scd2Schemas.VALID_TO);
        int del = history.indexOf(Scd2Schemas.IS_DELETED);
        int by = history.indexOf(Scd2Schemas.OPENED_BY);
        List<String> out = new ArrayList<>();
        for (Row r : versions) {
            if (!SENTINEL.equals(r.getField(id))) {
                Instant t = (Instant) r.getField(to);
                out.add(r.getField(id) + "|" + r.getField(seg) + "|" + r.getField(country) + "|"
                        + ((Instant) r.getField(from)).toEpochMilli() + "|" + (t == null ? null : t.toEpochMilli())
                        + "|" + r.getField(del) + "|" + r.getField(by));
            }
        }
        out.sort(null);
        return out;
    }

    private String nextKey() {
        return String.format("k-%04d", nextId++);
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }
}
