package dev.tributary.jobs.cdc;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.time.Duration;
import java.util.List;

/**
 * Options of a PostgreSQL CDC bronze source (one source per table, each with its own replication slot
 * and publication). Read into a {@link PostgresCdcSourceConfig} by {@link
 * PostgresCdcSourceConfig#fromConfiguration}. Credentials may instead come from the environment
 * ({@link #ENV_USERNAME}, {@link #ENV_PASSWORD}); they are never logged.
 */
@PublicEvolving
public final class PostgresCdcSourceOptions {

    /** Environment variable holding the user name when {@link #USERNAME} is not set. */
    public static final String ENV_USERNAME = "TRIBUTARY_PG_USER";

    /** Environment variable holding the password when {@link #PASSWORD} is not set. */
    public static final String ENV_PASSWORD = "TRIBUTARY_PG_PASSWORD";

    public static final ConfigOption<String> HOSTNAME =
            ConfigOptions.key("source.postgres.hostname").stringType().noDefaultValue()
                    .withDescription("Host name or IP address of the PostgreSQL server.");

    public static final ConfigOption<Integer> PORT =
            ConfigOptions.key("source.postgres.port").intType().defaultValue(5432)
                    .withDescription("Port of the PostgreSQL server.");

    public static final ConfigOption<String> DATABASE =
            ConfigOptions.key("source.postgres.database").stringType().noDefaultValue()
                    .withDescription("Database holding the captured tables.");

    public static final ConfigOption<List<String>> TABLES =
            ConfigOptions.key("source.postgres.tables").stringType().asList().noDefaultValue()
                    .withDescription("Schema-qualified tables to capture, e.g. 'public.devices'. A bronze"
                            + " dataset reads exactly one table.");

    public static final ConfigOption<String> USERNAME =
            ConfigOptions.key("source.postgres.username").stringType().noDefaultValue()
                    .withDescription("User with the REPLICATION attribute (or superuser); falls back to $"
                            + ENV_USERNAME + ".");

    public static final ConfigOption<String> PASSWORD =
            ConfigOptions.key("source.postgres.password").stringType().noDefaultValue()
                    .withDescription("Password of the user; falls back to $" + ENV_PASSWORD
                            + ". Never logged or printed.");

    public static final ConfigOption<String> SLOT_NAME =
            ConfigOptions.key("source.postgres.slot-name").stringType().noDefaultValue()
                    .withDescription("Logical replication slot, unique per source. The slot retains WAL until"
                            + " the job confirms an LSN on checkpoint completion: monitor its lag and drop it"
                            + " when the job is retired.");

    public static final ConfigOption<String> PUBLICATION_NAME =
            ConfigOptions.key("source.postgres.publication-name").stringType().noDefaultValue()
                    .withDescription("pgoutput publication, unique per source; created for the captured"
                            + " tables only (publication.autocreate.mode=filtered) if it does not exist.");

    public static final ConfigOption<Integer> SPLIT_SIZE =
            ConfigOptions.key("source.postgres.snapshot.split-size").intType().defaultValue(8096)
                    .withDescription("Rows per incremental-snapshot chunk.");

    public static final ConfigOption<Duration> HEARTBEAT_INTERVAL =
            ConfigOptions.key("source.postgres.heartbeat-interval").durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription("Debezium heartbeat interval: lets the slot's confirmed LSN advance while"
                            + " the captured tables are quiet but others write WAL.");

    private PostgresCdcSourceOptions() {}
}
