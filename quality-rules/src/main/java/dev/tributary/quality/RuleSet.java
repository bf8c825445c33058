package dev.tributary.quality;

import dev.tributary.quality.api.BreakerPolicy;
import dev.tributary.quality.api.CheckContext;
import dev.tributary.quality.api.QualityRule;
import dev.tributary.quality.api.RecordRule;
import dev.tributary.quality.api.RuleAction;
import dev.tributary.quality.api.RuleContext;
import dev.tributary.quality.api.Violation;
import dev.tributary.quality.builtin.ReferentialRule;
import dev.tributary.quality.builtin.UniqueRule;
import dev.tributary.transforms.api.RecordGuard;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.types.Row;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The validated, immutable quality rules of one dataset, with its optional breaker. Built with
 * {@link #forDataset(RecordSchema)} or {@link RuleDefinitions#fromMap}; applied to a stream with
 * {@link QualityStage}; or evaluated directly, without Flink, with {@link #evaluate(Row,
 * CheckContext)} (for unit tests and benchmarks).
 */
@PublicEvolving
public final class RuleSet implements Serializable {
    private static final long serialVersionUID = 1L;

    private final RecordSchema schema;
    private final List<QualityRule> rules;
    @Nullable private final BreakerPolicy breaker;
    @Nullable private final String ingestionTimeColumn;

    RuleSet(RecordSchema schema, List<QualityRule> rules, @Nullable BreakerPolicy breaker,
            @Nullable String ingestionTimeColumn) {
        this.schema = schema;
        this.rules = Collections.unmodifiableList(new ArrayList<>(rules));
        this.breaker = breaker;
        this.ingestionTimeColumn = ingestionTimeColumn;
    }

    /** Starts declaring the rules of the dataset described by {@code schema}. */
    public static RuleSetBuilder forDataset(RecordSchema schema) {
        return new RuleSetBuilder(schema);
    }

    /** Same as {@link #forDataset(RecordSchema)}. */
    public static RuleSetBuilder builder(RecordSchema schema) {
        return new RuleSetBuilder(schema);
    }

    public String dataset() {
        return schema.name();
    }

    public RecordSchema schema() {
        return schema;
    }

    /** Every rule, in declaration order. */
    public List<QualityRule> rules() {
        return rules;
    }

    /** The rule with this name, if declared. */
    public Optional<QualityRule> rule(String name) {
        return rules.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The rules decided by one record alone, in declaration order. */
    public List<RecordRule> recordRules() {
        List<RecordRule> out = new ArrayList<>();
        for (QualityRule r : rules) {
            if (r instanceof RecordRule) {
                out.add((RecordRule) r);
            }
        }
        return out;
    }

    /** The uniqueness rules (keyed, stateful). */
    public List<UniqueRule> uniqueRules() {
        return ofType(UniqueRule.class);
    }

    /** The referential rules (keyed, stateful, two inputs). */
    public List<ReferentialRule> referentialRules() {
        return ofType(ReferentialRule.class);
    }

    private <T> List<T> ofType(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (QualityRule r : rules) {
            if (type.isInstance(r)) {
                out.add(type.cast(r));
            }
        }
        return out;
    }

    public Optional<BreakerPolicy> breaker() {
        return Optional.ofNullable(breaker);
    }

    /** The TIMESTAMP column used as "now" by freshness rules, if declared. */
    public Optional<String> ingestionTimeColumn() {
        return Optional.ofNullable(ingestionTimeColumn);
    }

    /** Opens every rule (compiles patterns and expressions); optional, as rules compile lazily. */
    public void open() {
        RuleContext context = RuleContext.of(schema);
        for (QualityRule r : rules) {
            r.open(context);
        }
    }

    /** Closes every rule. */
    public void close() {
        for (QualityRule r : rules) {
            r.close();
        }
    }

    /**
     * Evaluates the stateless rules ({@link #recordRules()}) on one record. Keyed rules (unique,
     * referential) need a stream and are evaluated by {@link QualityStage}.
     *
     * @return the violations, in rule declaration order; empty when the record passes
     */
    public List<Violation> evaluate(Row row, CheckContext context) {
        List<Violation> out = null;
        for (QualityRule r : rules) {
            if (r instanceof RecordRule) {
                Violation v;
                try {
                    String message = ((RecordRule) r).check(row, context);
                    v = message == null ? null : new Violation(r.name(), r.action(), message);
                } catch (RuntimeException | StackOverflowError e) {
                    // A rule that throws on one record (a user expression, a regex on a huge value) would fail the
                    // task again after every restart: quarantine the record instead, naming rule and exception type.
                    v = new Violation(r.name(), RuleAction.QUARANTINE, RecordGuard.reason("rule '" + r.name() + "'", e));
                }
                if (v != null) {
                    if (out == null) {
                        out = new ArrayList<>(2);
                    }
                    out.add(v);
                }
            }
        }
        return out == null ? List.of() : out;
    }

    /** {@link #evaluate(Row, CheckContext)} with a fixed "now". */
    public List<Violation> evaluate(Row row, Instant now) {
        return evaluate(row, CheckContext.at(now));
    }

    /** The action that applies to a record with these violations (the most severe), if any. */
    public static Optional<RuleAction> decide(List<Violation> violations) {
        RuleAction worst = null;
        for (Violation v : violations) {
            if (worst == null || v.action().severity() > worst.severity()) {
                worst = v.action();
            }
        }
        return Optional.ofNullable(worst);
    }

    @Override
    public String toString() {
        return "RuleSet{" + schema.name() + ", " + rules + (breaker == null ? "" : ", breaker " + breaker) + "}";
    }
}
