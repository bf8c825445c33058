package dev.tributary.jobs.cdc;

import org.apache.flink.annotation.Internal;
import org.apache.flink.cdc.connectors.base.config.JdbcSourceConfig;
import org.apache.flink.cdc.connectors.base.source.meta.split.SourceSplitBase;
import org.apache.flink.cdc.connectors.base.source.reader.external.JdbcSourceFetchTaskContext;
import org.apache.flink.cdc.connectors.postgres.source.PostgresDialect;
import org.apache.flink.cdc.connectors.postgres.source.config.PostgresSourceConfig;
import org.apache.flink.cdc.connectors.postgres.source.fetch.PostgresSourceFetchTaskContext;

/**
 * Flink CDC's PostgreSQL dialect whose fetch tasks start Debezium from a {@link CommitBoundaryOffsets}
 * offset, so a restore at a commit boundary loses no change (FLINK-39265). Everything else, the fetch
 * task and its slot commits included, is Flink CDC's own.
 */
@Internal
final class CommitBoundaryPostgresDialect extends PostgresDialect {

    private static final long serialVersionUID = 1L;

    CommitBoundaryPostgresDialect(PostgresSourceConfig sourceConfig) {
        super(sourceConfig);
    }

    @Override
    public JdbcSourceFetchTaskContext createFetchTaskContext(JdbcSourceConfig taskSourceConfig) {
        return new FetchTaskContext(taskSourceConfig, this);
    }

    /** Configures Debezium from the rewritten split; the fetch task keeps the split as restored. */
    static final class FetchTaskContext extends PostgresSourceFetchTaskContext {

        FetchTaskContext(JdbcSourceConfig sourceConfig, PostgresDialect dialect) {
            super(sourceConfig, dialect);
        }

        @Override
        public void configure(SourceSplitBase split) {
            super.configure(CommitBoundaryOffsets.forDebezium(split));
        }
    }
}
