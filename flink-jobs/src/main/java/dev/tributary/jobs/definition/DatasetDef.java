package dev.tributary.jobs.definition;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.ParsingOptions;
import dev.tributary.transforms.api.PiiPolicy;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * An immutable declaration of one dataset: its schema, event time, de-duplication key and PII policy.
 * Built in Java with {@link #builder(RecordSchema)} or parsed from a pipeline definition.
 */
@PublicEvolving
public final class DatasetDef implements Serializable {
    private static final long serialVersionUID = 1L;

    private final RecordSchema schema;
    private final String eventTimeColumn;
    private final Duration outOfOrderness;
    private final Duration allowedLateness;
    private final Duration idleTimeout;
    private final List<String> dedupeKey;
    private final Duration dedupeRetention;
    private final PiiPolicy pii;
    @Nullable private final String syncGroup;
    private final Duration maxDrift;
    private final ParsingOptions parsing;

    private DatasetDef(Builder b, RecordSchema schema) {
        this.schema = schema;
        this.eventTimeColumn = b.eventTimeColumn;
        this.outOfOrderness = b.outOfOrderness;
        this.allowedLateness = b.allowedLateness;
        this.idleTimeout = b.idleTimeout;
        this.dedupeKey = List.copyOf(b.dedupeKey);
        this.dedupeRetention = b.dedupeRetention;
        this.pii = b.pii;
        this.syncGroup = b.syncGroup;
        this.maxDrift = b.maxDrift;
        this.parsing = b.parsing;
    }

    public static Builder builder(RecordSchema schema) {
        return new Builder(schema);
    }

    public String name() {
        return schema.name();
    }

    public RecordSchema schema() {
        return schema;
    }

    public String eventTimeColumn() {
        return eventTimeColumn;
    }

    public Duration outOfOrderness() {
        return outOfOrderness;
    }

    public Duration allowedLateness() {
        return allowedLateness;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public List<String> dedupeKey() {
        return dedupeKey;
    }

    public Duration dedupeRetention() {
        return dedupeRetention;
    }

    public PiiPolicy pii() {
        return pii;
    }

    @Nullable
    public String syncGroup() {
        return syncGroup;
    }

    /**
     * How records of this dataset are read where users legitimately differ (undeclared fields, epoch units,
     * rounding, event-time range); strict by default. Under {@code undeclared-fields: keep} the schema ends
     * with an optional STRING column {@value ParsingOptions#EXTRA_COLUMN}.
     */
    public ParsingOptions parsing() {
        return parsing;
    }

    /**
     * How far this source's watermark may run ahead of the slowest non-idle source of its sync group before the
     * source pauses (Flink watermark alignment). It is a pause threshold: the source may read on for what it
     * reads between two alignment checks (a watermark emission or an announcement every
     * {@code BronzeJob.ALIGNMENT_UPDATE_INTERVAL}) before it stops.
     */
    public Duration maxDrift() {
        return maxDrift;
    }

    /**
     * The same dataset outside any sync group. For jobs without joins downstream (bronze only) and for
     * bounded inputs, where alignment only paces reading and, on Flink 1.20.1, can stall a job
     * (FLINK-37670).
     */
    public DatasetDef withoutSyncGroup() {
        if (syncGroup == null) {
            return this;
        }
        return builder(schema)
                .eventTime(eventTimeColumn, outOfOrderness)
                .allowedLateness(allowedLateness)
                .idleTimeout(idleTimeout)
                .dedupe(dedupeKey, dedupeRetention)
                .pii(pii)
                .parsing(parsing)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DatasetDef)) {
            return false;
        }
        DatasetDef d = (DatasetDef) o;
        return schema.equals(d.schema) && eventTimeColumn.equals(d.eventTimeColumn)
                && outOfOrderness.equals(d.outOfOrderness) && allowedLateness.equals(d.allowedLateness)
                && idleTimeout.equals(d.idleTimeout) && dedupeKey.equals(d.dedupeKey)
                && dedupeRetention.equals(d.dedupeRetention) && pii.equals(d.pii)
                && Objects.equals(syncGroup, d.syncGroup) && maxDrift.equals(d.maxDrift) && parsing.equals(d.parsing);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, eventTimeColumn, dedupeKey, pii, syncGroup);
    }

    @Override
    public String toString() {
        return "DatasetDef{" + name() + ", eventTime=" + eventTimeColumn + ", dedupeKey=" + dedupeKey
                + ", pii=" + pii + ", syncGroup=" + syncGroup + ", parsing=" + parsing + "}";
    }

    /** Builder with the reference pipeline's defaults; {@link #build()} cross-checks the fields. */
    @PublicEvolving
    public static final class Builder {
        private final RecordSchema schema;
        private String eventTimeColumn;
        private Duration outOfOrderness = Duration.ofSeconds(5);
        private Duration allowedLateness = Duration.ofMinutes(5);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private List<String> dedupeKey = List.of();
        private Duration dedupeRetention = Duration.ofHours(1);
        private PiiPolicy pii = PiiPolicy.none();
        private String syncGroup;
        private Duration maxDrift = Duration.ofMinutes(1);
        private ParsingOptions parsing = ParsingOptions.defaults();

        private Builder(RecordSchema schema) {
            this.schema = checkNotNull(schema, "schema");
        }

        public Builder eventTime(String column, Duration outOfOrderness) {
            this.eventTimeColumn = checkNotNull(column, "event-time column");
            this.outOfOrderness = checkNotNull(outOfOrderness, "outOfOrderness");
            return this;
        }

        public Builder allowedLateness(Duration lateness) {
            this.allowedLateness = checkNotNull(lateness);
            return this;
        }

        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = checkNotNull(timeout);
            return this;
        }

        public Builder dedupe(List<String> key, Duration retention) {
            this.dedupeKey = checkNotNull(key);
            this.dedupeRetention = checkNotNull(retention);
            return this;
        }

        public Builder pii(PiiPolicy policy) {
            this.pii = checkNotNull(policy);
            return this;
        }

        public Builder syncGroup(@Nullable String group) {
            this.syncGroup = group;
            return this;
        }

        /**
         * Joins a sync group: sources of one group use watermark alignment, none reading more than
         * {@code maxDrift} of event time ahead of the group's slowest non-idle source.
         */
        public Builder syncGroup(String group, Duration maxDrift) {
            this.syncGroup = checkNotNull(group, "sync group");
            this.maxDrift = checkNotNull(maxDrift, "maxDrift");
            return this;
        }

        /** How records are read (see {@link DatasetDef#parsing()}); strict defaults when not set. */
        public Builder parsing(ParsingOptions options) {
            this.parsing = checkNotNull(options, "parsing options");
            return this;
        }

        public DatasetDef build() {
            String ds = "dataset '" + schema.name() + "': ";
            checkArgument(eventTimeColumn != null, ds + "set the event-time column (eventTime(column, outOfOrderness))");
            checkArgument(schema.contains(eventTimeColumn),
                    ds + "event-time column '" + eventTimeColumn + "' is not declared; columns are " + schema.fieldNames());
            checkArgument(schema.field(eventTimeColumn).type() == FieldType.TIMESTAMP,
                    ds + "event-time column '" + eventTimeColumn + "' must be TIMESTAMP, is " + schema.field(eventTimeColumn).type());
            checkArgument(schema.field(eventTimeColumn).isRequired(),
                    ds + "event-time column '" + eventTimeColumn + "' must be required");
            checkArgument(!dedupeKey.isEmpty(), ds + "set a de-duplication key (dedupe(columns, retention))");
            for (String k : dedupeKey) {
                checkArgument(schema.contains(k), ds + "dedupe key column '" + k + "' is not declared; columns are " + schema.fieldNames());
            }
            checkArgument(!outOfOrderness.isNegative(), ds + "out-of-orderness must be >= 0");
            checkArgument(!allowedLateness.isNegative(), ds + "allowed lateness must be >= 0");
            checkArgument(maxDrift.toMillis() > 0, ds + "sync-group max drift must be > 0");
            pii.validateAgainst(schema);
            parsing.validateAgainst(schema);
            RecordSchema effective = schema;
            if (parsing.undeclaredFields() == ParsingOptions.UndeclaredFields.KEEP) {
                if (schema.contains(ParsingOptions.EXTRA_COLUMN)) {
                    checkArgument(schema.field(ParsingOptions.EXTRA_COLUMN).type() == FieldType.STRING
                                    && !schema.field(ParsingOptions.EXTRA_COLUMN).isRequired(),
                            ds + "column '" + ParsingOptions.EXTRA_COLUMN + "' holds undeclared fields: declare it as optional STRING or not at all");
                } else {
                    effective = schema.append(List.of(Field.optional(ParsingOptions.EXTRA_COLUMN, FieldType.STRING)));
                }
            }
            return new DatasetDef(this, effective);
        }
    }
}
