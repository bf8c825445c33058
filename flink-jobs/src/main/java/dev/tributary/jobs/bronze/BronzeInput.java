package dev.tributary.jobs.bronze;

import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.transforms.api.RecordSchema;

import dev.tributary.quality.RuleSet;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.types.Row;

import javax.annotation.Nullable;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * One dataset feeding the bronze job: its declaration, a FLIP-27 source producing in-flight bronze
 * rows for it (see {@link BronzeSources}), and optionally its quality rules.
 */
@PublicEvolving
public final class BronzeInput {
    private final DatasetDef dataset;
    private final Source<Row, ?, ?> source;
    private final String sourceName;
    @Nullable private final RuleSet rules;

    public BronzeInput(DatasetDef dataset, Source<Row, ?, ?> source, String sourceName) {
        this(dataset, source, sourceName, null);
    }

    private BronzeInput(DatasetDef dataset, Source<Row, ?, ?> source, String sourceName, @Nullable RuleSet rules) {
        this.dataset = checkNotNull(dataset, "dataset");
        this.source = checkNotNull(source, "source");
        this.sourceName = checkNotNull(sourceName, "sourceName");
        if (rules != null) {
            RecordSchema expected = BronzeSchemas.inFlight(dataset.schema());
            checkArgument(rules.schema().equals(expected),
                    "dataset '%s': build its quality rules against BronzeSchemas.inFlight(schema) (columns %s), "
                            + "found a rule set for columns %s", dataset.name(), expected.fieldNames(), rules.schema().fieldNames());
        }
        this.rules = rules;
    }

    /**
     * The same input with quality rules, evaluated in bronze on clear values before PII protection and
     * de-duplication. Build them against {@link BronzeSchemas#inFlight} of the dataset's schema, so rules
     * can also use the ingestion metadata (e.g. freshness against {@code _ingested_at}).
     */
    public BronzeInput withRules(RuleSet rules) {
        return new BronzeInput(dataset, source, sourceName, checkNotNull(rules, "rules"));
    }

    /** Quality rules of this dataset, if any. */
    @Nullable
    public RuleSet rules() {
        return rules;
    }

    public DatasetDef dataset() {
        return dataset;
    }

    public Source<Row, ?, ?> source() {
        return source;
    }

    public String sourceName() {
        return sourceName;
    }
}
