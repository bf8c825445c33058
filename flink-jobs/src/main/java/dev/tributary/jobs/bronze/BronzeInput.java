package dev.tributary.jobs.bronze;

import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.transforms.api.RecordSchema;

import dev.tributary.quality.RuleSet;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.functions.ProcessFunction;
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
    private final boolean watermarksAfterSource;
    @Nullable private final ProcessFunction<Row, Row> monitor;

    public BronzeInput(DatasetDef dataset, Source<Row, ?, ?> source, String sourceName) {
        this(dataset, source, sourceName, null, false, null);
    }

    private BronzeInput(DatasetDef dataset, Source<Row, ?, ?> source, String sourceName, @Nullable RuleSet rules,
            boolean watermarksAfterSource, @Nullable ProcessFunction<Row, Row> monitor) {
        this.watermarksAfterSource = watermarksAfterSource;
        this.monitor = monitor;
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
        return new BronzeInput(dataset, source, sourceName, checkNotNull(rules, "rules"), watermarksAfterSource, monitor);
    }

    /**
     * The same input, its event time and watermarks assigned right after the source instead of inside it.
     * For unbounded sources whose splits can finish (a CDC source's snapshot chunks): FLIP-27 idleness is
     * tracked per split output, so a reader whose last split finished keeps its last watermark forever and
     * holds back every downstream operator; after the source, idleness applies to the subtask as a whole.
     * Such inputs cannot join a sync group's watermark alignment (it needs source watermarks).
     */
    public BronzeInput withWatermarksAfterSource() {
        return new BronzeInput(dataset, source, sourceName, rules, true, monitor);
    }

    /**
     * The same input with a pass-through function right after the source that exports source-specific
     * metrics (e.g. a CDC slot's lag); it must forward every row unchanged.
     */
    public BronzeInput withMonitor(ProcessFunction<Row, Row> monitor) {
        return new BronzeInput(dataset, source, sourceName, rules, watermarksAfterSource, checkNotNull(monitor, "monitor"));
    }

    /** See {@link #withMonitor}; null if none. */
    @Nullable
    public ProcessFunction<Row, Row> monitor() {
        return monitor;
    }

    /** See {@link #withWatermarksAfterSource()}. */
    public boolean watermarksAfterSource() {
        return watermarksAfterSource;
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
