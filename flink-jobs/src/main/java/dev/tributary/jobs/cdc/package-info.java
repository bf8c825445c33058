/**
 * Change data capture from PostgreSQL into bronze.
 *
 * <pre>
 *  PostgreSQL table ──(incremental snapshot, then pgoutput via slot + publication)──▶ PostgresIncrementalSource
 *    └─ BronzeCdcDeserializer: Debezium event ─▶ in-flight bronze row
 *         [table columns][_op, _lsn, _commit_ts][_source, _source_partition, _source_offset=LSN, _source_file, _ingested_at][_raw, _error]
 *    └─ BronzeJob, unchanged: intake (count in, quarantine malformed) ─ PII ─ dedupe(key, _lsn, _op) ─ bronze/&lt;dataset&gt;
 * </pre>
 *
 * <ul>
 *   <li><b>Entry points</b>: {@link dev.tributary.jobs.cdc.PostgresCdcSources#dataset} (a CDC dataset
 *       builder), {@link dev.tributary.jobs.cdc.PostgresCdcSources#bronzeInput} (a {@code BronzeInput}),
 *       {@link dev.tributary.jobs.cdc.PostgresCdcSourceConfig} / {@link
 *       dev.tributary.jobs.cdc.PostgresCdcSourceOptions} (connection, slot, publication; credentials from
 *       configuration or {@code $TRIBUTARY_PG_USER}/{@code $TRIBUTARY_PG_PASSWORD}, never printed).
 *   <li><b>Event time</b> is the commit time {@code _commit_ts}; snapshot reads carry 1970-01-01 and LSN 0
 *       ({@link dev.tributary.jobs.cdc.CdcSchemas}).
 *   <li><b>Exactly once</b>: source offsets and FileSink commits share checkpoints; the dedupe key
 *       {@code (key, _lsn, _op)} also drops re-delivered events within its retention. A restore hands
 *       Debezium its offset through {@code CommitBoundaryOffsets} (FLINK-39265: Flink CDC 3.5.0 alone can
 *       skip the first change after a checkpoint taken between two transactions).
 *   <li><b>Schema change</b>: a column added to (or dropped from) the table stops the job with {@link
 *       dev.tributary.jobs.cdc.UnsupportedSchemaChangeException}, naming table, columns and the remedy
 *       (declare the column, restart from the last checkpoint or savepoint).
 *   <li><b>WAL retention trap</b>: the slot holds WAL until a checkpoint confirms an LSN; monitor {@link
 *       dev.tributary.jobs.cdc.PostgresSlotLag} and drop slots of retired jobs.
 * </ul>
 */
package dev.tributary.jobs.cdc;
