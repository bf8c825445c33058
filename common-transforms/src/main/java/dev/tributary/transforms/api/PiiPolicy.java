package dev.tributary.transforms.api;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/** Per-column PII treatment of one dataset: which columns are hashed, masked (keeping a suffix) or redacted. */
@PublicEvolving
public final class PiiPolicy implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Map<String, ColumnRule> columns;

    private PiiPolicy(Map<String, ColumnRule> columns) {
        this.columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    public static PiiPolicy none() {
        return new PiiPolicy(Map.of());
    }

    public static Builder builder() {
        return new Builder();
    }

    public Map<String, ColumnRule> columns() {
        return columns;
    }

    public boolean isEmpty() {
        return columns.isEmpty();
    }

    /** Checks every column exists in the schema, naming the dataset and the column if not. */
    public void validateAgainst(RecordSchema schema) {
        for (String c : columns.keySet()) {
            if (!schema.contains(c)) {
                throw new IllegalArgumentException("PII policy of dataset '" + schema.name() + "' names column '" + c
                        + "', which is not declared; declared columns are " + schema.fieldNames());
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PiiPolicy && ((PiiPolicy) o).columns.equals(columns);
    }

    @Override
    public int hashCode() {
        return columns.hashCode();
    }

    @Override
    public String toString() {
        return "PiiPolicy" + columns;
    }

    /** The treatment of one column. */
    @PublicEvolving
    public static final class ColumnRule implements Serializable {
        private static final long serialVersionUID = 1L;
        private final PiiAction action;
        private final int keepSuffix;

        public ColumnRule(PiiAction action, int keepSuffix) {
            this.action = checkNotNull(action);
            checkArgument(keepSuffix >= 0, "keepSuffix must be >= 0");
            this.keepSuffix = keepSuffix;
        }

        public PiiAction action() {
            return action;
        }

        public int keepSuffix() {
            return keepSuffix;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ColumnRule && ((ColumnRule) o).action == action && ((ColumnRule) o).keepSuffix == keepSuffix;
        }

        @Override
        public int hashCode() {
            return Objects.hash(action, keepSuffix);
        }

        @Override
        public String toString() {
            return action == PiiAction.MASK ? "mask(keep " + keepSuffix + ")" : action.name().toLowerCase();
        }
    }

    /** Builder; each column may be declared once. */
    @PublicEvolving
    public static final class Builder {
        private final Map<String, ColumnRule> columns = new LinkedHashMap<>();

        public Builder hash(String column) {
            return put(column, new ColumnRule(PiiAction.HASH, 0));
        }

        public Builder mask(String column, int keepSuffix) {
            return put(column, new ColumnRule(PiiAction.MASK, keepSuffix));
        }

        public Builder redact(String column) {
            return put(column, new ColumnRule(PiiAction.REDACT, 0));
        }

        public Builder allow(String column) {
            return put(column, new ColumnRule(PiiAction.ALLOW, 0));
        }

        public Builder put(String column, ColumnRule rule) {
            checkNotNull(column, "column");
            checkArgument(!columns.containsKey(column), "PII column '%s' declared twice", column);
            columns.put(column, checkNotNull(rule, "rule"));
            return this;
        }

        public PiiPolicy build() {
            return new PiiPolicy(columns);
        }
    }
}
