package dev.tributary.quality;

import dev.tributary.quality.api.BreakerPolicy;
import dev.tributary.quality.api.QualityRule;
import dev.tributary.quality.api.RecordRule;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.java.ClosureCleaner;
import org.apache.flink.api.common.ExecutionConfig;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * Fluent builder of a {@link RuleSet}, started with {@link RuleSet#forDataset(RecordSchema)}:
 *
 * <pre>{@code
 * RuleSet rules = RuleSet.forDataset(readings)
 *     .notNull("reading_id_present", "reading_id").quarantine()
 *     .range("amount_positive", "amount").minExclusive(0).max(1_000_000).drop()
 *     .allowed("known_status", "status").values("NEW", "PAID", "SHIPPED").warn()
 *     .expression("paid_has_amount", "status <> 'PAID' OR amount > 0").quarantine()
 *     .unique("one_reading_per_hour", "reading_id").window(Duration.ofHours(1)).drop()
 *     .breaker(BreakerPolicy.builder().threshold(0.5).windowRecords(1000).minRecords(100).build())
 *     .build();
 * }</pre>
 *
 * <p>Each rule method starts a {@link RuleSpec}; its action ends it. {@link #build()} validates
 * everything and throws one {@link dev.tributary.quality.api.RuleDefinitionException} listing every
 * problem, each naming the dataset, the rule, the field and what was expected.
 */
@PublicEvolving
public final class RuleSetBuilder {
    private final RecordSchema schema;
    private final List<RuleSpec<?>> specs = new ArrayList<>();
    private final List<RecordRule> custom = new ArrayList<>();
    @Nullable private BreakerPolicy breaker;
    @Nullable private String ingestionTimeColumn;

    RuleSetBuilder(RecordSchema schema) {
        this.schema = checkNotNull(schema, "schema");
    }

    /** Fails records where any of the columns is null. */
    public NotNullSpec notNull(String name, String... columns) {
        return add(new NotNullSpec(this, name, List.of(checkNotNull(columns, "columns"))));
    }

    /** Fails records whose column is outside a range; set bounds on the returned spec. */
    public RangeSpec range(String name, String column) {
        return add(new RangeSpec(this, name, List.of(checkNotNull(column, "column"))));
    }

    /** Fails records whose column is not one of the allowed values. */
    public AllowedSpec allowed(String name, String column) {
        return add(new AllowedSpec(this, name, List.of(checkNotNull(column, "column"))));
    }

    /** Fails records whose STRING column does not fully match a regex. */
    public PatternSpec pattern(String name, String column) {
        return add(new PatternSpec(this, name, List.of(checkNotNull(column, "column"))));
    }

    /** Fails records whose TIMESTAMP column is too far behind or ahead of "now". */
    public FreshnessSpec freshness(String name, String column) {
        return add(new FreshnessSpec(this, name, List.of(checkNotNull(column, "column"))));
    }

    /** Fails records for which a boolean SQL expression is FALSE. */
    public ExpressionSpec expression(String name, String expression) {
        return add(new ExpressionSpec(this, name, checkNotNull(expression, "expression")));
    }

    /** Fails the 2nd and later records with the same key within a tumbling event-time window. */
    public UniqueSpec unique(String name, String... keyColumns) {
        return add(new UniqueSpec(this, name, List.of(checkNotNull(keyColumns, "keyColumns"))));
    }

    /** Fails records whose column has no match in another dataset within a grace period. */
    public ReferentialSpec referential(String name, String column) {
        return add(new ReferentialSpec(this, name, List.of(checkNotNull(column, "column"))));
    }

    /**
     * Adds a user-defined stateless rule. It must be serializable; its closure is cleaned now, so a
     * rule capturing a non-serializable object fails here rather than at job submission.
     */
    public RuleSetBuilder rule(RecordRule rule) {
        checkNotNull(rule, "rule");
        ClosureCleaner.clean(rule, ExecutionConfig.ClosureCleanerLevel.RECURSIVE, true);
        custom.add(rule);
        return this;
    }

    /** Trips (fails the job) when too large a share of recent records is bad. */
    public RuleSetBuilder breaker(BreakerPolicy policy) {
        this.breaker = checkNotNull(policy, "breaker");
        return this;
    }

    /**
     * A TIMESTAMP column holding the record's ingestion time, used as "now" by freshness rules so a
     * replay decides the same way. Without it, "now" is the processing time at which the record is
     * checked.
     */
    public RuleSetBuilder ingestionTime(String column) {
        this.ingestionTimeColumn = checkNotNull(column, "column");
        return this;
    }

    /**
     * Validates every rule and builds the immutable rule set.
     *
     * @throws dev.tributary.quality.api.RuleDefinitionException listing every problem found
     */
    public RuleSet build() {
        DefinitionErrors errors = new DefinitionErrors(schema.name());
        return build(errors);
    }

    RuleSet build(DefinitionErrors errors) {
        List<QualityRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (RuleSpec<?> spec : specs) {
            errors.declare(spec.name);
            if (!names.add(spec.name)) {
                errors.add(spec.name, "key 'name'", "a name unique within the dataset, but it is declared more than once");
            }
            QualityRule rule = spec.create(schema, errors);
            if (rule != null) {
                rules.add(rule);
            }
        }
        for (RecordRule rule : custom) {
            errors.declare(rule.name());
            if (!names.add(rule.name())) {
                errors.add(rule.name(), "key 'name'", "a name unique within the dataset, but it is declared more than once");
            }
            if (rule.action() == null) {
                errors.add(rule.name(), "key 'action'", "one of warn, drop, quarantine, fail; none was set");
            }
            if (!schema.name().equals(rule.dataset())) {
                errors.add(rule.name(), "dataset", "'" + schema.name() + "', but the rule is declared for '" + rule.dataset() + "'");
            }
            rules.add(rule);
        }
        if (ingestionTimeColumn != null && (!schema.contains(ingestionTimeColumn)
                || schema.field(ingestionTimeColumn).type() != FieldType.TIMESTAMP)) {
            errors.add("(ingestion-time)", "column '" + ingestionTimeColumn + "'",
                    "a TIMESTAMP column of " + schema.fieldNames());
        }
        errors.throwIfAny();
        return new RuleSet(schema, rules, breaker, ingestionTimeColumn);
    }

    <S extends RuleSpec<S>> S add(S spec) {
        specs.add(spec);
        return spec;
    }
}
