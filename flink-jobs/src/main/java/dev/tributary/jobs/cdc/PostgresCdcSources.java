package dev.tributary.jobs.cdc;

import dev.tributary.jobs.bronze.BronzeInput;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.cdc.connectors.base.options.StartupOptions;
import org.apache.flink.cdc.connectors.postgres.source.PostgresSourceBuilder;
import org.apache.flink.cdc.connectors.postgres.source.PostgresSourceBuilder.PostgresIncrementalSource;
import org.apache.flink.cdc.connectors.postgres.source.config.PostgresSourceConfigFactory;
import org.apache.flink.cdc.connectors.postgres.source.offset.PostgresOffsetFactory;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.types.Row;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * PostgreSQL change-data-capture sources for bronze: Flink CDC's incremental snapshot (parallel, lock
 * free) followed by the pgoutput change stream of a logical replication slot.
 *
 * <pre>
 *   PostgresIncrementalSource ── BronzeCdcDeserializer ──▶ in-flight rows ──▶ BronzeJob (unchanged)
 *     snapshot chunks (op r)  then  slot/publication stream (op c/u/d, commit order)
 * </pre>
 *
 * <p><b>Exactly once.</b> The source checkpoints its snapshot progress and stream LSN; bronze's FileSink
 * commits on the same checkpoints; after a failure the job restarts from the last checkpoint and the
 * change events after it are read again. The CDC dataset's dedupe key (table key + {@code _lsn} +
 * {@code _op}) is a second guard against re-delivered events, and drops the one transaction that a
 * restore can read twice ({@code CommitBoundaryOffsets}: the price of not losing the first change after a
 * checkpoint taken between two transactions, which Flink CDC 3.5.0 alone can skip).
 *
 * <p><b>WAL retention trap.</b> PostgreSQL keeps every WAL segment from the slot's {@code
 * confirmed_flush_lsn} on. The source confirms an LSN only when a checkpoint completes: a job that is
 * stopped, failing, or not checkpointing makes the server retain WAL without bound until its disk fills.
 * Watch {@link PostgresSlotLag} (bytes between {@code pg_current_wal_insert_lsn()} and the slot's confirmed
 * LSN), alert on it, set {@code max_slot_wal_keep_size} on the server as a last resort, and drop the
 * slot ({@code pg_drop_replication_slot}) when a job is retired: a cancelled job does not drop it.
 *
 * <p>Preconditions on the server: {@code wal_level=logical}; a user with REPLICATION; tables with a
 * primary key and {@code REPLICA IDENTITY FULL} (so updates and deletes carry the full before-image).
 */
@PublicEvolving
public final class PostgresCdcSources {

    private PostgresCdcSources() {}

    /**
     * A builder for a CDC dataset with the defaults CDC needs: event time {@code _commit_ts} (1 s
     * out-of-orderness: changes arrive in commit order) and dedupe key {@code key + _lsn + _op}
     * retained for one hour. Add the PII policy and build.
     *
     * @param table the table's columns (its schema name becomes the dataset name)
     * @param key the table's primary-key columns
     */
    public static DatasetDef.Builder dataset(RecordSchema table, List<String> key) {
        List<String> dedupe = new ArrayList<>(key);
        dedupe.add(CdcSchemas.LSN);
        dedupe.add(CdcSchemas.OP);
        return DatasetDef.builder(CdcSchemas.declared(table))
                .eventTime(CdcSchemas.COMMIT_TS, Duration.ofSeconds(1))
                .dedupe(dedupe, Duration.ofHours(1));
    }

    /**
     * The bronze input for one captured table: {@code new BronzeJob(List.of(postgres(...), ...), ...)}.
     *
     * @param dataset a CDC dataset (see {@link #dataset}); its table columns must match the table's
     * @param config the connection; must list exactly one table (one slot per table)
     */
    public static BronzeInput bronzeInput(DatasetDef dataset, PostgresCdcSourceConfig config) {
        checkArgument(config.tables().size() == 1,
                "dataset '%s': a bronze CDC input reads one table, the config lists %s; use one config (and slot) per table",
                dataset.name(), config.tables());
        CdcSchemas.tableArity(dataset.schema());
        String table = config.tables().get(0);
        // Watermarks after the source: a reader whose snapshot chunks are done and that does not read the
        // stream holds no split, and FLIP-27 idleness (per split) would never release its watermark.
        return new BronzeInput(dataset, source(config, new BronzeCdcDeserializer(dataset.schema(), table)),
                "postgres-cdc " + table).withWatermarksAfterSource().withMonitor(new SlotLagFunction(config));
    }

    /**
     * The incremental-snapshot source with any deserializer: snapshot first ({@link StartupOptions#initial()}),
     * then the pgoutput stream; publication created for the listed tables only if absent. A restore from a
     * checkpoint taken between two transactions resumes with the first change after it (Flink CDC 3.5.0
     * alone can skip it: FLINK-39265, see {@code CommitBoundaryOffsets}).
     */
    public static <T> PostgresIncrementalSource<T> source(PostgresCdcSourceConfig config, DebeziumDeserializationSchema<T> deserializer) {
        PostgresSourceConfigFactory configFactory = builder(config, checkNotNull(deserializer, "deserializer")).getConfigFactory();
        return new PostgresIncrementalSource<>(configFactory, deserializer, new PostgresOffsetFactory(),
                new CommitBoundaryPostgresDialect(configFactory.create(0)));
    }

    /** Flink CDC's builder with every setting of {@link #source}; its {@code build()} would lack the restore fix. */
    static <T> PostgresSourceBuilder<T> builder(PostgresCdcSourceConfig config, DebeziumDeserializationSchema<T> deserializer) {
        Properties debezium = new Properties();
        debezium.setProperty("publication.autocreate.mode", "filtered");
        debezium.setProperty("publication.name", config.publicationName());
        LinkedHashSet<String> schemas = new LinkedHashSet<>();
        for (String t : config.tables()) {
            schemas.add(t.substring(0, t.indexOf('.')));
        }
        return PostgresIncrementalSource.<T>builder()
                .hostname(config.hostname())
                .port(config.port())
                .database(config.database())
                .schemaList(schemas.toArray(new String[0]))
                .tableList(config.tables().toArray(new String[0]))
                .username(config.username())
                .password(config.password())
                .slotName(config.slotName())
                .decodingPluginName("pgoutput")
                .splitSize(config.splitSize())
                .heartbeatInterval(config.heartbeatInterval())
                .debeziumProperties(debezium)
                .startupOptions(StartupOptions.initial())
                .deserializer(deserializer);
    }
}
