package dev.tributary.jobs.silver.scd2;

import dev.tributary.jobs.bronze.BronzeDecoder;
import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.jobs.cdc.CdcSchemas;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeParquetFormat;
import dev.tributary.jobs.lake.LakeSinks;
import dev.tributary.jobs.lake.LakeTable;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.OutputTag;

import java.util.ArrayList;
import java.util.List;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * SCD2 history of a CDC dataset (the reference pipeline's {@code silver/customers_history}), built from
 * bronze change rows in STREAMING (continuing from {@code BronzeJob.build(env).get(dataset)}) or in BATCH
 * (reading {@code bronze/<dataset>} back), with the same result.
 *
 * <pre>
 *  bronze change rows (landed; event time = _commit_ts)
 *    └─ keyBy(table key) ─ scd2 (event-time timers, (commit ts, LSN) order)
 *         ├─ closed versions ───────▶ silver/&lt;table&gt;/valid_from_date=.../        (valid_to set)
 *         ├─ opened versions ───────▶ silver/&lt;table&gt;_open/valid_from_date=.../   (valid_to null)
 *         └─ late changes ──────────▶ silver/_late/&lt;dataset&gt;/
 * </pre>
 *
 * <p><b>How an append-only lake represents closing a version.</b> Parquet files are never rewritten, so
 * a version lands in {@code <table>} only once it is closed, i.e. when the next change of its key is
 * known in event time: that row is final. Each version also lands, once, in {@code <table>_open} when it
 * opens (valid_to null). The full history, one row per version, is every row of {@code <table>} plus the
 * rows of {@code <table>_open} without a closed row of the same version (key, valid_from, version_lsn):
 * these are the current versions ({@link Scd2Versions#merge} does this). Consumers that only want settled
 * history read {@code <table>} alone.
 *
 * <p><b>Batch = streaming.</b> Both apply exactly the changes whose commit time the watermark has passed,
 * in (commit time, LSN) order per key, so both land the same rows for those changes. A BATCH run reaches
 * the end of input; a STREAMING run has applied a change once a later commit (any key) has moved the
 * watermark past it plus the dataset's out-of-orderness: until then its version is not yet in the lake.
 * Both runs are exactly once: the sinks commit on checkpoints and the pending/open state is checkpointed.
 */
@PublicEvolving
public final class Scd2Job {

    private final DatasetDef dataset;
    private final String table;
    private final LakeLayout lake;
    private final LakeSinks sinks;
    private final String uidPrefix;
    private boolean skipUnchanged;

    /**
     * @param dataset a CDC dataset (see {@code PostgresCdcSources.dataset}); the key is its dedupe key
     *     without {@code _lsn} and {@code _op}
     * @param table the silver table, e.g. {@code customers_history}
     */
    public Scd2Job(DatasetDef dataset, String table, LakeLayout lake, LakeSinks sinks, String uidPrefix) {
        this.dataset = checkNotNull(dataset, "dataset");
        this.table = checkNotNull(table, "table");
        this.lake = checkNotNull(lake, "lake");
        this.sinks = checkNotNull(sinks, "sinks");
        this.uidPrefix = checkNotNull(uidPrefix, "uidPrefix");
        CdcSchemas.tableArity(dataset.schema());
        checkArgument(!keyColumns().isEmpty(), "dataset '%s': the dedupe key has no table column to key versions by", dataset.name());
    }

    /**
     * Skips updates that change no table column (a no-op {@code UPDATE}, or one touching only columns that
     * are not declared): no identical version is opened. Off by default (every change opens a version).
     */
    public Scd2Job skipUnchanged(boolean skip) {
        this.skipUnchanged = skip;
        return this;
    }

    /** The history layout of this job's tables. */
    public RecordSchema historySchema() {
        return Scd2Schemas.history(dataset.schema(), table);
    }

    /** The table of open versions: {@code <table>_open}. */
    public String openTable() {
        return table + "_open";
    }

    /** Wires SCD2 over bronze change rows with timestamps (landed layout) and returns the closed versions. */
    public DataStream<Row> build(DataStream<Row> bronzeChanges) {
        RecordSchema history = historySchema();
        OutputTag<Row> opened = new OutputTag<>("scd2-opened-" + table, history.rowTypeInfo());
        OutputTag<Row> late = new OutputTag<>("scd2-late-" + table, dataset.schema().rowTypeInfo());
        SingleOutputStreamOperator<Row> closed = bronzeChanges
                .keyBy(new KeyOf(positions(dataset.schema(), keyColumns())))
                .process(new Scd2Function(dataset.schema(), history, opened, late, skipUnchanged), history.rowTypeInfo())
                .uid(uid("scd2")).name("silver " + table + ": scd2");
        sinks.write(closed, lake,
                        LakeTable.of(LakeLayout.SILVER, table, history, "valid_from_date", Scd2Schemas.VALID_FROM),
                        uid("closed-sink"))
                .name("silver " + table + ": closed versions");
        sinks.write(closed.getSideOutput(opened), lake,
                        LakeTable.of(LakeLayout.SILVER, openTable(), history, "valid_from_date", Scd2Schemas.VALID_FROM),
                        uid("opened-sink"))
                .name("silver " + table + ": opened versions");
        sinks.write(closed.getSideOutput(late), lake,
                        LakeTable.side(LakeLayout.SILVER, LakeLayout.LATE, dataset.name(), dataset.schema(), "event_date",
                                CdcSchemas.COMMIT_TS),
                        uid("late-sink"))
                .name("silver " + table + ": late changes");
        return closed;
    }

    /** BATCH (or bounded) run over the committed bronze files of the dataset. */
    public DataStream<Row> buildFromBronze(StreamExecutionEnvironment env) {
        RecordSchema landed = BronzeSchemas.landed(dataset.schema());
        DataStream<Row> changes = env.fromSource(
                        LakeParquetFormat.source(landed, lake.bronze(dataset.name())),
                        WatermarkStrategy.<Row>forBoundedOutOfOrderness(dataset.outOfOrderness())
                                .withTimestampAssigner(new BronzeDecoder.EventTimeAssigner(landed.indexOf(CdcSchemas.COMMIT_TS))),
                        "bronze " + dataset.name() + " (parquet)")
                .uid(uid("bronze-source"));
        return build(changes);
    }

    private List<String> keyColumns() {
        List<String> key = new ArrayList<>(dataset.dedupeKey());
        key.remove(CdcSchemas.LSN);
        key.remove(CdcSchemas.OP);
        key.remove(CdcSchemas.COMMIT_TS);
        return key;
    }

    private String uid(String step) {
        return uidPrefix + "silver-" + table + "-" + step;
    }

    private static int[] positions(RecordSchema schema, List<String> columns) {
        return columns.stream().mapToInt(schema::indexOf).toArray();
    }

    /** The version key: key columns' string forms joined by a unit separator. */
    static final class KeyOf implements KeySelector<Row, String> {
        private static final long serialVersionUID = 1L;
        private final int[] positions;

        KeyOf(int[] positions) {
            this.positions = positions;
        }

        @Override
        public String getKey(Row row) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < positions.length; i++) {
                if (i > 0) {
                    sb.append('\u001f');
                }
                sb.append(row.getField(positions[i]));
            }
            return sb.toString();
        }
    }
}
