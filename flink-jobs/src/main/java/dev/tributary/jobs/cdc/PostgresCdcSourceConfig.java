package dev.tributary.jobs.cdc;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * Where and how to capture one or more PostgreSQL tables. Immutable; built with {@link #builder()} or
 * read from {@link PostgresCdcSourceOptions} by {@link #fromConfiguration(Configuration, Map)}.
 *
 * <p>{@link #toString()} never shows the password. Note that the password still travels inside the
 * job graph (the CDC source needs it on the task managers), so protect job submission like any secret.
 */
@PublicEvolving
public final class PostgresCdcSourceConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String hostname;
    private final int port;
    private final String database;
    private final List<String> tables;
    private final String username;
    private final String password;
    private final String slotName;
    private final String publicationName;
    private final int splitSize;
    private final Duration heartbeatInterval;

    private PostgresCdcSourceConfig(Builder b) {
        this.hostname = b.hostname;
        this.port = b.port;
        this.database = b.database;
        this.tables = List.copyOf(b.tables);
        this.username = b.username;
        this.password = b.password;
        this.slotName = b.slotName;
        this.publicationName = b.publicationName;
        this.splitSize = b.splitSize;
        this.heartbeatInterval = b.heartbeatInterval;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the options; user name and password fall back to the environment variables {@link
     * PostgresCdcSourceOptions#ENV_USERNAME} and {@link PostgresCdcSourceOptions#ENV_PASSWORD}.
     *
     * @throws IllegalArgumentException naming the option to set when a required one is missing
     */
    public static PostgresCdcSourceConfig fromConfiguration(Configuration conf, Map<String, String> env) {
        return builder()
                .hostname(required(conf, PostgresCdcSourceOptions.HOSTNAME))
                .port(conf.get(PostgresCdcSourceOptions.PORT))
                .database(required(conf, PostgresCdcSourceOptions.DATABASE))
                .tables(required(conf, PostgresCdcSourceOptions.TABLES))
                .username(orEnv(conf, PostgresCdcSourceOptions.USERNAME, env, PostgresCdcSourceOptions.ENV_USERNAME))
                .password(orEnv(conf, PostgresCdcSourceOptions.PASSWORD, env, PostgresCdcSourceOptions.ENV_PASSWORD))
                .slotName(required(conf, PostgresCdcSourceOptions.SLOT_NAME))
                .publicationName(required(conf, PostgresCdcSourceOptions.PUBLICATION_NAME))
                .splitSize(conf.get(PostgresCdcSourceOptions.SPLIT_SIZE))
                .heartbeatInterval(conf.get(PostgresCdcSourceOptions.HEARTBEAT_INTERVAL))
                .build();
    }

    private static <T> T required(Configuration conf, ConfigOption<T> option) {
        T v = conf.get(option);
        checkArgument(v != null, "set '%s' (%s)", option.key(), option.description());
        return v;
    }

    private static String orEnv(Configuration conf, ConfigOption<String> option, Map<String, String> env, String var) {
        String v = conf.get(option);
        if (v == null) {
            v = env.get(var);
        }
        checkArgument(v != null, "set '%s' or the environment variable %s", option.key(), var);
        return v;
    }

    public String hostname() {
        return hostname;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    /** Schema-qualified table names ({@code schema.table}). */
    public List<String> tables() {
        return tables;
    }

    public String username() {
        return username;
    }

    /** The password; callers must never log it. */
    public String password() {
        return password;
    }

    public String slotName() {
        return slotName;
    }

    public String publicationName() {
        return publicationName;
    }

    public int splitSize() {
        return splitSize;
    }

    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** {@code jdbc:postgresql://host:port/database}, for monitoring queries. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + hostname + ":" + port + "/" + database;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PostgresCdcSourceConfig)) {
            return false;
        }
        PostgresCdcSourceConfig c = (PostgresCdcSourceConfig) o;
        return port == c.port && splitSize == c.splitSize && hostname.equals(c.hostname)
                && database.equals(c.database) && tables.equals(c.tables) && username.equals(c.username)
                && password.equals(c.password) && slotName.equals(c.slotName)
                && publicationName.equals(c.publicationName) && heartbeatInterval.equals(c.heartbeatInterval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hostname, port, database, tables, slotName, publicationName);
    }

    /** Everything but the password, which shows as {@code ******}. */
    @Override
    public String toString() {
        return "PostgresCdcSourceConfig{" + username + "@" + hostname + ":" + port + "/" + database
                + ", tables=" + tables + ", slot=" + slotName + ", publication=" + publicationName
                + ", password=******}";
    }

    /** Builder; {@link #build()} says which setting is missing. */
    @PublicEvolving
    public static final class Builder {
        private String hostname;
        private int port = PostgresCdcSourceOptions.PORT.defaultValue();
        private String database;
        private List<String> tables = List.of();
        private String username;
        private String password;
        private String slotName;
        private String publicationName;
        private int splitSize = PostgresCdcSourceOptions.SPLIT_SIZE.defaultValue();
        private Duration heartbeatInterval = PostgresCdcSourceOptions.HEARTBEAT_INTERVAL.defaultValue();

        private Builder() {}

        public Builder hostname(String hostname) {
            this.hostname = checkNotNull(hostname, "hostname");
            return this;
        }

        public Builder port(int port) {
            checkArgument(port > 0 && port < 65536, "port must be 1..65535, found %s", port);
            this.port = port;
            return this;
        }

        public Builder database(String database) {
            this.database = checkNotNull(database, "database");
            return this;
        }

        public Builder tables(List<String> tables) {
            this.tables = List.copyOf(checkNotNull(tables, "tables"));
            return this;
        }

        public Builder username(String username) {
            this.username = checkNotNull(username, "username");
            return this;
        }

        public Builder password(String password) {
            this.password = checkNotNull(password, "password");
            return this;
        }

        public Builder slotName(String slotName) {
            this.slotName = checkNotNull(slotName, "slotName");
            return this;
        }

        public Builder publicationName(String publicationName) {
            this.publicationName = checkNotNull(publicationName, "publicationName");
            return this;
        }

        public Builder splitSize(int splitSize) {
            checkArgument(splitSize > 0, "split size must be positive");
            this.splitSize = splitSize;
            return this;
        }

        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = checkNotNull(interval, "heartbeatInterval");
            return this;
        }

        public PostgresCdcSourceConfig build() {
            checkArgument(hostname != null, "set the PostgreSQL host (hostname(...) or '%s')", PostgresCdcSourceOptions.HOSTNAME.key());
            checkArgument(database != null, "set the database (database(...) or '%s')", PostgresCdcSourceOptions.DATABASE.key());
            checkArgument(!tables.isEmpty(), "set at least one table (tables(...) or '%s')", PostgresCdcSourceOptions.TABLES.key());
            for (String t : tables) {
                checkArgument(t.split("\\.").length == 2, "table '%s' must be schema-qualified, e.g. public.devices", t);
            }
            checkArgument(username != null, "set the user (username(...), '%s' or $%s)",
                    PostgresCdcSourceOptions.USERNAME.key(), PostgresCdcSourceOptions.ENV_USERNAME);
            checkArgument(password != null, "set the password (password(...), '%s' or $%s)",
                    PostgresCdcSourceOptions.PASSWORD.key(), PostgresCdcSourceOptions.ENV_PASSWORD);
            checkArgument(slotName != null && slotName.matches("[a-z0-9_]+"),
                    "set a replication slot name of lower-case letters, digits and '_' (slotName(...) or '%s'), found %s",
                    PostgresCdcSourceOptions.SLOT_NAME.key(), slotName);
            checkArgument(publicationName != null, "set the publication name (publicationName(...) or '%s')",
                    PostgresCdcSourceOptions.PUBLICATION_NAME.key());
            return new PostgresCdcSourceConfig(this);
        }
    }
}
