package dev.tributary.quality.api;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.util.List;

/**
 * A named data-quality rule declared for one dataset. Implementations are immutable configuration:
 * compiled helpers (regular expressions, parsed expressions) are {@code transient} and created in
 * {@link #open(RuleContext)} or lazily on first use, so a rule can be shipped to a Flink task.
 *
 * <p>Stateless rules implement {@link RecordRule}. Rules that need keyed state across records
 * (uniqueness, referential integrity) are evaluated by dedicated Flink operators.
 *
 * <p>The SPI evolves by adding default methods only.
 */
@PublicEvolving
public interface QualityRule extends Serializable {

    /** Unique name of the rule within its dataset; appears in metrics, quarantine and errors. */
    String name();

    /** The dataset the rule is declared for. */
    String dataset();

    /** The columns the rule reads, in declaration order. */
    List<String> columns();

    /** What happens to a record failing this rule. */
    RuleAction action();

    /** The rule type as spelled in pipeline definitions, e.g. {@code not-null}. */
    String type();

    /** Called once before the first evaluation on a task (or in a plain-Java evaluator). */
    default void open(RuleContext context) {}

    /** Called once when the rule is no longer used. */
    default void close() {}
}
