package dev.tributary.jobs.cdc;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;

import java.time.Instant;
import java.util.List;

/**
 * Declared layout of a change-data-capture dataset: the captured table's columns followed by three
 * change columns, which bronze treats like any declared column (they land, they can be keys).
 *
 * <pre>
 *   [table columns...][_op, _lsn, _commit_ts]   (+ bronze metadata, see BronzeSchemas)
 * </pre>
 *
 * <ul>
 *   <li>{@code _op}: {@code r} snapshot read, {@code c} insert, {@code u} update, {@code d} delete.
 *   <li>{@code _lsn}: the WAL position of the change; {@code 0} for snapshot reads.
 *   <li>{@code _commit_ts}: the source transaction's commit time (ms). Snapshot reads have no commit time;
 *       they carry {@link #SNAPSHOT_COMMIT_TS} (1970-01-01T00:00:00Z), meaning "the state known when
 *       capture began, valid since before anything we observed". A constant keeps runs deterministic and
 *       keeps snapshot rows (read in no particular order) from ever being late against each other.
 *       Snapshot rows therefore land in bronze partition {@code event_date=1970-01-01}.
 * </ul>
 *
 * The column values are the after-image; for deletes the before-image (set {@code REPLICA IDENTITY FULL}
 * on the table, otherwise a delete carries only the key and is quarantined if a required column is null).
 */
@PublicEvolving
public final class CdcSchemas {

    public static final String OP = "_op";
    public static final String LSN = "_lsn";
    public static final String COMMIT_TS = "_commit_ts";

    /** The commit time given to snapshot reads. */
    public static final Instant SNAPSHOT_COMMIT_TS = Instant.EPOCH;

    static final List<Field> CHANGE_COLUMNS =
            List.of(Field.required(OP, FieldType.STRING), Field.required(LSN, FieldType.LONG),
                    Field.required(COMMIT_TS, FieldType.TIMESTAMP));

    private CdcSchemas() {}

    /** The declared schema of a CDC dataset: the table's columns plus {@code _op, _lsn, _commit_ts}. */
    public static RecordSchema declared(RecordSchema table) {
        for (Field f : CHANGE_COLUMNS) {
            if (table.contains(f.name())) {
                throw new IllegalArgumentException("table schema '" + table.name() + "' already has column '"
                        + f.name() + "', reserved for change data");
            }
        }
        return table.append(CHANGE_COLUMNS);
    }

    /** Number of table columns in a CDC dataset's declared schema. */
    public static int tableArity(RecordSchema declared) {
        if (!declared.contains(COMMIT_TS) || declared.indexOf(COMMIT_TS) != declared.arity() - 1) {
            throw new IllegalArgumentException("dataset '" + declared.name() + "' is not a CDC dataset (declare it"
                    + " with CdcSchemas.declared(tableSchema)); columns are " + declared.fieldNames());
        }
        return declared.arity() - CHANGE_COLUMNS.size();
    }
}
