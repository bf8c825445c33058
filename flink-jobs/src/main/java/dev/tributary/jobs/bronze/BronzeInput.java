package dev.tributary.jobs.bronze;

import dev.tributary.jobs.definition.DatasetDef;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.types.Row;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * One dataset feeding the bronze job: its declaration and a FLIP-27 source producing in-flight bronze
 * rows for it (see {@link BronzeSources}).
 */
@PublicEvolving
public final class BronzeInput {
    private final DatasetDef dataset;
    private final Source<Row, ?, ?> source;
    private final String sourceName;

    public BronzeInput(DatasetDef dataset, Source<Row, ?, ?> source, String sourceName) {
        this.dataset = checkNotNull(dataset, "dataset");
        this.source = checkNotNull(source, "source");
        this.sourceName = checkNotNull(sourceName, "sourceName");
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
