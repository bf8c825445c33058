package dev.tributary.jobs.cdc;

import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.RecordGuard;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import javax.annotation.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns Debezium change events of one table into in-flight bronze rows (see {@link BronzeSchemas} and
 * {@link CdcSchemas}), so the rest of the bronze job treats them like any other source's records.
 *
 * <ul>
 *   <li>Metadata: {@code _source = postgres:<schema.table>}, {@code _source_offset} = the LSN,
 *       {@code _ingested_at} = now.
 *   <li>Malformed events (an unsupported {@code op}, a value that does not convert to the declared type,
 *       a required column that is null, a delete without before-image) become rows with {@code _error}
 *       and a JSON {@code _raw} payload: bronze quarantines them (PII scrubbed) and keeps running.
 *   <li>Records that are not change events (heartbeats) are skipped: they carry no data.
 *   <li>Schema change: if the table has a column that is not declared, or lacks a required declared one
 *       (a column added, dropped or renamed), {@link #deserialize} throws {@link
 *       UnsupportedSchemaChangeException}, a non-recoverable failure: the job stops at once (no restart
 *       loop) with a message naming the table and the columns. Fail loud, because guessing either loses
 *       data (a new column) or lands nulls (a dropped one). A declared optional column missing from a
 *       change lands as null: that change was committed before the column was added.
 * </ul>
 */
@Internal
public final class BronzeCdcDeserializer implements DebeziumDeserializationSchema<Row> {
    private static final long serialVersionUID = 1L;

    private final RecordSchema declared;
    private final String table;
    private final int tableArity;
    private final int arity;
    /** The last image schema found to match the declared columns; Connect schemas are reused per table version. */
    @Nullable private transient Schema checked;

    public BronzeCdcDeserializer(RecordSchema declared, String table) {
        this.declared = declared;
        this.table = table;
        this.tableArity = CdcSchemas.tableArity(declared);
        this.arity = BronzeSchemas.inFlight(declared).arity();
    }

    @Override
    public void deserialize(SourceRecord record, Collector<Row> out) {
        if (!(record.value() instanceof Struct)) {
            return;
        }
        Struct value = (Struct) record.value();
        Schema vs = value.schema();
        if (vs.field("op") == null || vs.field("source") == null || vs.field("after") == null) {
            return;
        }
        Struct source = value.getStruct("source");
        String recordTable = source.getString("schema") + "." + source.getString("table");
        if (!table.equals(recordTable)) {
            throw new IllegalStateException("CDC source of dataset '" + declared.name() + "' received a change of table '"
                    + recordTable + "', but reads only '" + table + "'; give each table its own source");
        }
        String op = value.getString("op");
        boolean snapshot = "r".equals(op);
        Long lsnValue = snapshot ? null : (Long) source.get("lsn");
        long lsn = lsnValue == null ? 0L : lsnValue;
        Long tsMs = (Long) source.get("ts_ms");
        Instant commitTs = snapshot || tsMs == null ? CdcSchemas.SNAPSHOT_COMMIT_TS : Instant.ofEpochMilli(tsMs);

        Row row = Row.withPositions(arity);
        int meta = declared.arity();
        row.setField(tableArity, op);
        row.setField(tableArity + 1, lsn);
        row.setField(tableArity + 2, commitTs);
        row.setField(meta, "postgres:" + table);
        row.setField(meta + 2, lsn);
        row.setField(meta + 4, Instant.now());

        String imageName = "d".equals(op) ? "before" : "after";
        checkColumns(vs.field(imageName).schema());
        Struct image = value.getStruct(imageName);
        String error;
        try {
            error = fill(row, op, image);
        } catch (RuntimeException | StackOverflowError e) {
            error = RecordGuard.reason("converting the change event", e);
        }
        if (error != null) {
            for (int i = 0; i < tableArity; i++) {
                row.setField(i, null);
            }
            row.setField(meta + 5, safeRawPayload(value, image));
            row.setField(meta + 6, error);
        }
        out.collect(row);
    }

    @Nullable
    private static String safeRawPayload(Struct value, @Nullable Struct image) {
        try {
            return rawPayload(value, image);
        } catch (RuntimeException | StackOverflowError e) {
            return null; // quarantined with its LSN and reason; the payload could not be rendered
        }
    }

    /** JSON of the image (or whichever image exists), which bronze intake scrubs of PII before quarantine. */
    private static String rawPayload(Struct value, @Nullable Struct image) {
        Struct any = image != null ? image : value.getStruct("after") != null ? value.getStruct("after") : value.getStruct("before");
        return any != null ? DebeziumValues.toJson(any) : "{\"op\":\"" + value.getString("op") + "\"}";
    }

    @Nullable
    private String fill(Row row, String op, @Nullable Struct image) {
        if (!"r".equals(op) && !"c".equals(op) && !"u".equals(op) && !"d".equals(op)) {
            return "unsupported-op: '" + op + "' (only r, c, u, d are captured)";
        }
        if (image == null) {
            return "missing-image: no " + ("d".equals(op) ? "before" : "after") + "-image for op '" + op
                    + "'; set REPLICA IDENTITY FULL on " + table;
        }
        for (int i = 0; i < tableArity; i++) {
            Field f = declared.field(i);
            org.apache.kafka.connect.data.Field cf = image.schema().field(f.name());
            Object v;
            try {
                // An optional declared column the image lacks: the change predates the column (see checkColumns).
                v = cf == null ? null : DebeziumValues.convert(image.get(cf), cf.schema(), f);
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
            if (v == null && f.isRequired()) {
                return "missing-field: '" + f.name() + "' is required"
                        + ("d".equals(op) ? " (deletes need REPLICA IDENTITY FULL on " + table + ")" : "");
            }
            row.setField(i, v);
        }
        return null;
    }

    private void checkColumns(Schema image) {
        if (image == checked) {
            return;
        }
        Set<String> actual = new LinkedHashSet<>();
        for (org.apache.kafka.connect.data.Field f : image.fields()) {
            actual.add(f.name());
        }
        List<String> expected = declared.fieldNames().subList(0, tableArity);
        List<String> added = new ArrayList<>(actual);
        added.removeAll(expected);
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(actual);
        // A declared optional column may be absent: after "declare the new column, resume from the last
        // checkpoint", the changes committed before the ALTER TABLE are read again without it (null is right).
        missing.removeIf(c -> !declared.field(declared.indexOf(c)).isRequired());
        if (!added.isEmpty() || !missing.isEmpty()) {
            throw new UnsupportedSchemaChangeException(schemaChangeMessage(added, missing));
        }
        checked = image;
    }

    private String schemaChangeMessage(List<String> added, List<String> missing) {
        StringBuilder sb = new StringBuilder("Schema change in captured table '").append(table)
                .append("' (dataset '").append(declared.name()).append("'):");
        if (!added.isEmpty()) {
            sb.append(" new column(s) ").append(added);
        }
        if (!missing.isEmpty()) {
            sb.append(added.isEmpty() ? "" : ";").append(" declared column(s) ").append(missing)
                    .append(" (required) no longer in the table");
        }
        return sb.append(". The job stops instead of dropping or inventing values. To continue: ")
                .append(added.isEmpty() ? "restore the column(s) or remove them from" : "add the column(s) (as optional) to")
                .append(" the dataset's declared schema, then restart the job from its last checkpoint or")
                .append(" savepoint; the change event that carried the new layout is read again.")
                .toString();
    }

    @Override
    public TypeInformation<Row> getProducedType() {
        return BronzeSchemas.inFlight(declared).rowTypeInfo();
    }
}
