package dev.tributary.jobs.silver.scd2;

import dev.tributary.jobs.cdc.CdcSchemas;
import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;

import java.util.ArrayList;
import java.util.List;

/**
 * Row layout of an SCD2 history table derived from a CDC dataset (see {@link Scd2Job} for the tables).
 *
 * <pre>
 *   [table columns...][valid_from, valid_to, is_deleted, version_lsn, opened_by]
 * </pre>
 *
 * <ul>
 *   <li>{@code valid_from}: commit time of the change that created the version ({@code 1970-01-01} for
 *       versions read by the initial snapshot, see {@link CdcSchemas#SNAPSHOT_COMMIT_TS}).
 *   <li>{@code valid_to}: commit time of the next change of the same key, exclusive; null while open.
 *   <li>{@code is_deleted}: the version was ended by a delete (the row no longer exists after {@code valid_to}).
 *   <li>{@code version_lsn}: the LSN of the change that created the version (0 for snapshot reads);
 *       with the key and {@code valid_from} it identifies the version.
 *   <li>{@code opened_by}: that change's op ({@code r}, {@code c} or {@code u}).
 * </ul>
 * Table columns hold the values as landed in bronze, so PII columns hold their tokens.
 */
@PublicEvolving
public final class Scd2Schemas {

    public static final String VALID_FROM = "valid_from";
    public static final String VALID_TO = "valid_to";
    public static final String IS_DELETED = "is_deleted";
    public static final String VERSION_LSN = "version_lsn";
    public static final String OPENED_BY = "opened_by";

    private Scd2Schemas() {}

    /** The history layout for a CDC dataset's declared schema, named {@code table}. */
    public static RecordSchema history(RecordSchema cdcDeclared, String table) {
        int n = CdcSchemas.tableArity(cdcDeclared);
        List<Field> fields = new ArrayList<>(cdcDeclared.fields().subList(0, n));
        fields.add(Field.required(VALID_FROM, FieldType.TIMESTAMP));
        fields.add(Field.optional(VALID_TO, FieldType.TIMESTAMP));
        fields.add(Field.required(IS_DELETED, FieldType.BOOLEAN));
        fields.add(Field.required(VERSION_LSN, FieldType.LONG));
        fields.add(Field.required(OPENED_BY, FieldType.STRING));
        return new RecordSchema(table, fields);
    }
}
