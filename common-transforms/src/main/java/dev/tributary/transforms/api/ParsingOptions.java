package dev.tributary.transforms.api;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * How a dataset's JSON records are read where users legitimately differ; everything else is strict
 * (see {@code docs/PIPELINE_DEFINITIONS.md}, "Parsing rules"). Immutable; {@link #defaults()} is strict:
 *
 * <ul>
 *   <li>undeclared fields are dropped ({@link UndeclaredFields#KEEP} keeps them, PII scrubbed, as JSON in
 *       an {@value #EXTRA_COLUMN} column);
 *   <li>a number in a TIMESTAMP column is refused unless the column declares its {@link EpochUnit};
 *   <li>a decimal with more digits after the point than the column's scale is refused unless the column
 *       declares a rounding mode;
 *   <li>event times outside {@code [1900-01-01T00:00:00Z, 2200-01-01T00:00:00Z)} are refused.
 * </ul>
 */
@PublicEvolving
public final class ParsingOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The column holding undeclared fields under {@link UndeclaredFields#KEEP}. */
    public static final String EXTRA_COLUMN = "_extra";

    public static final Instant DEFAULT_MIN_EVENT_TIME = Instant.parse("1900-01-01T00:00:00Z");
    public static final Instant DEFAULT_MAX_EVENT_TIME = Instant.parse("2200-01-01T00:00:00Z");

    private static final ParsingOptions DEFAULTS = builder().build();

    private final UndeclaredFields undeclaredFields;
    private final Map<String, EpochUnit> epochUnits;
    private final Map<String, RoundingMode> rounding;
    private final Instant minEventTime;
    private final Instant maxEventTime;

    private ParsingOptions(Builder b) {
        this.undeclaredFields = b.undeclaredFields;
        this.epochUnits = Collections.unmodifiableMap(new LinkedHashMap<>(b.epochUnits));
        this.rounding = Collections.unmodifiableMap(new LinkedHashMap<>(b.rounding));
        this.minEventTime = b.minEventTime;
        this.maxEventTime = b.maxEventTime;
    }

    public static ParsingOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public UndeclaredFields undeclaredFields() {
        return undeclaredFields;
    }

    /** Epoch unit per TIMESTAMP column that accepts numbers. */
    public Map<String, EpochUnit> epochUnits() {
        return epochUnits;
    }

    /** Rounding mode per DECIMAL column that accepts more decimals than its scale. */
    public Map<String, RoundingMode> rounding() {
        return rounding;
    }

    /** Earliest accepted event time (inclusive). */
    public Instant minEventTime() {
        return minEventTime;
    }

    /** Latest accepted event time (exclusive). */
    public Instant maxEventTime() {
        return maxEventTime;
    }

    /** Checks that every column named here is declared with a fitting type. */
    public void validateAgainst(RecordSchema schema) {
        for (String c : epochUnits.keySet()) {
            checkArgument(schema.contains(c) && schema.field(c).type() == FieldType.TIMESTAMP,
                    "dataset '%s': epoch unit for '%s', which is not a TIMESTAMP column of %s", schema.name(), c, schema.fieldNames());
        }
        for (String c : rounding.keySet()) {
            checkArgument(schema.contains(c) && schema.field(c).type() == FieldType.DECIMAL,
                    "dataset '%s': rounding for '%s', which is not a DECIMAL column of %s", schema.name(), c, schema.fieldNames());
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ParsingOptions)) {
            return false;
        }
        ParsingOptions p = (ParsingOptions) o;
        return undeclaredFields == p.undeclaredFields && epochUnits.equals(p.epochUnits) && rounding.equals(p.rounding)
                && minEventTime.equals(p.minEventTime) && maxEventTime.equals(p.maxEventTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(undeclaredFields, epochUnits, rounding, minEventTime, maxEventTime);
    }

    @Override
    public String toString() {
        return "ParsingOptions{undeclared=" + undeclaredFields.identifier() + ", epochUnits=" + epochUnits
                + ", rounding=" + rounding + ", eventTime=[" + minEventTime + ", " + maxEventTime + ")}";
    }

    /** What happens to fields a record has and the schema does not declare. */
    @PublicEvolving
    public enum UndeclaredFields {
        /** Not stored anywhere (the default). */
        DROP,
        /** Stored as a JSON object in {@value ParsingOptions#EXTRA_COLUMN}, keys and values scrubbed of PII. */
        KEEP;

        public String identifier() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a number in a TIMESTAMP column counts time since 1970-01-01T00:00:00Z. */
    @PublicEvolving
    public enum EpochUnit {
        MILLIS("epoch-millis"),
        SECONDS("epoch-seconds");

        private final String identifier;

        EpochUnit(String identifier) {
            this.identifier = identifier;
        }

        public String identifier() {
            return identifier;
        }

        /** The unit named {@code epoch-millis} or {@code epoch-seconds}, or null. */
        public static EpochUnit fromIdentifier(String text) {
            for (EpochUnit u : values()) {
                if (u.identifier.equals(text)) {
                    return u;
                }
            }
            return null;
        }
    }

    /** Builder; {@link #build()} checks the event-time range. */
    @PublicEvolving
    public static final class Builder {
        private UndeclaredFields undeclaredFields = UndeclaredFields.DROP;
        private final Map<String, EpochUnit> epochUnits = new LinkedHashMap<>();
        private final Map<String, RoundingMode> rounding = new LinkedHashMap<>();
        private Instant minEventTime = DEFAULT_MIN_EVENT_TIME;
        private Instant maxEventTime = DEFAULT_MAX_EVENT_TIME;

        private Builder() {}

        public Builder undeclaredFields(UndeclaredFields policy) {
            this.undeclaredFields = checkNotNull(policy, "undeclared-fields policy");
            return this;
        }

        public Builder epochUnit(String column, EpochUnit unit) {
            epochUnits.put(checkNotNull(column, "column"), checkNotNull(unit, "unit"));
            return this;
        }

        public Builder rounding(String column, RoundingMode mode) {
            checkArgument(mode != RoundingMode.UNNECESSARY, "rounding for '%s': UNNECESSARY is the default (refuse)", column);
            rounding.put(checkNotNull(column, "column"), checkNotNull(mode, "mode"));
            return this;
        }

        /** Event times must lie in {@code [min, max)}. */
        public Builder eventTimeRange(Instant min, Instant max) {
            this.minEventTime = checkNotNull(min, "min");
            this.maxEventTime = checkNotNull(max, "max");
            return this;
        }

        public ParsingOptions build() {
            checkArgument(minEventTime.isBefore(maxEventTime),
                    "event-time range: min %s must be before max %s", minEventTime, maxEventTime);
            return new ParsingOptions(this);
        }
    }
}
