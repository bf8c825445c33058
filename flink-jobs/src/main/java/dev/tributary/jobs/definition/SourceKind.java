package dev.tributary.jobs.definition;

import org.apache.flink.annotation.PublicEvolving;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a dataset's records come from, with the connection options each kind requires and accepts.
 * Options prefixed {@code properties.} are passed through to the client (Kafka consumer properties).
 */
@PublicEvolving
public enum SourceKind {
    /** JSON records on a Kafka topic. */
    KAFKA("kafka", Set.of("bootstrap-servers", "topic", "group-id"), Set.of("bounded"), "properties."),
    /**
     * Change rows of one PostgreSQL table via logical replication (Flink CDC): the options of {@code
     * PostgresCdcSourceOptions} without their {@code source.postgres.} prefix; user and password fall back
     * to {@code TRIBUTARY_PG_USER} / {@code TRIBUTARY_PG_PASSWORD}. The schema lists the table's columns;
     * the CDC columns ({@code _op}, {@code _lsn}, {@code _commit_ts}, ...) are added.
     */
    POSTGRES_CDC("postgres-cdc", Set.of("hostname", "database", "tables", "slot-name", "publication-name"),
            Set.of("port", "username", "password", "snapshot.split-size", "heartbeat-interval"), null),
    /** JSON-lines files or directories of them (bounded: a backfill). */
    FILES("files", Set.of("path"), Set.of(), null),
    /**
     * A kind that is not built in: a {@code SourceFactory} found by {@link SourceDef#kindIdentifier()}
     * (e.g. the demo's {@code generator}); its options are the factory's.
     */
    FACTORY("factory", Set.of(), Set.of(), null);

    private final String identifier;
    private final Set<String> required;
    private final Set<String> optional;
    private final String passThroughPrefix;

    SourceKind(String identifier, Set<String> required, Set<String> optional, String passThroughPrefix) {
        this.identifier = identifier;
        this.required = required;
        this.optional = optional;
        this.passThroughPrefix = passThroughPrefix;
    }

    public String identifier() {
        return identifier;
    }

    public Set<String> requiredOptions() {
        return required;
    }

    public Set<String> optionalOptions() {
        return optional;
    }

    /** Prefix of free-form options passed to the client, or null when there are none. */
    public String passThroughPrefix() {
        return passThroughPrefix;
    }

    /** The built-in kinds' identifiers (factories add their own). */
    public static List<String> identifiers() {
        return Arrays.stream(values()).filter(k -> k != FACTORY).map(SourceKind::identifier).collect(Collectors.toList());
    }

    /** The built-in kind with this identifier, or null (then a {@code SourceFactory} may provide it). */
    public static SourceKind fromIdentifier(String id) {
        for (SourceKind k : values()) {
            if (k != FACTORY && k.identifier.equals(id.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        return null;
    }
}
