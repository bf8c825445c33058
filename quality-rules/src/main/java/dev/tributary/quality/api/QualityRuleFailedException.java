package dev.tributary.quality.api;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Thrown, failing the job, when a record fails a rule whose action is {@link RuleAction#FAIL}. The
 * message names the dataset and the rule and shows the record as rendered by the caller's {@link
 * RecordRenderer}, so PII is masked.
 */
@PublicEvolving
public class QualityRuleFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String dataset;
    private final String rule;

    public QualityRuleFailedException(String dataset, String rule, String violation, String renderedRecord) {
        super("Data quality rule '" + rule + "' of dataset '" + dataset + "' has action FAIL and failed: "
                + violation + "; record: " + renderedRecord);
        this.dataset = dataset;
        this.rule = rule;
    }

    public String dataset() {
        return dataset;
    }

    public String rule() {
        return rule;
    }
}
