package dev.tributary.benchmarks;

import dev.tributary.jobs.bronze.BronzeDecoder;
import dev.tributary.jobs.bronze.BronzeInput;
import dev.tributary.jobs.bronze.BronzeIntakeFunction;
import dev.tributary.jobs.bronze.BronzeJob;
import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.jobs.bronze.BronzeSources;
import dev.tributary.jobs.bronze.CountingFunction;
import dev.tributary.jobs.bronze.JsonLinesFormat;
import dev.tributary.jobs.bronze.PiiProtectFunction;
import dev.tributary.jobs.bronze.QuarantineRows;
import dev.tributary.demo.datagen.GeneratorConfig;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.demo.reference.GoldJob;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeSinks;
import dev.tributary.jobs.lake.LakeTable;
import dev.tributary.jobs.lake.iceberg.IcebergCatalog;
import dev.tributary.jobs.lake.iceberg.IcebergLake;
import dev.tributary.demo.reference.SilverDef;
import dev.tributary.demo.reference.SilverJob;
import dev.tributary.demo.reference.ReferencePipeline;
import dev.tributary.quality.QualityStage;
import dev.tributary.quality.RuleSet;
import dev.tributary.transforms.api.QuarantineRecord;
import dev.tributary.transforms.api.PiiKey;
import dev.tributary.transforms.api.RecordSchema;
import dev.tributary.transforms.builtin.PiiMasker;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.connector.datagen.functions.FromElementsGeneratorFunction;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.types.Row;
import org.apache.flink.util.OutputTag;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The library's rungs, built from its public building blocks. L0-L3 assemble the bronze steps by hand
 * (BronzeJob has no switch to stop before de-duplication); L4 is {@link BronzeJob} itself; L5 adds
 * {@link SilverJob}, L6 {@link GoldJob}.
 *
 * <pre>
 *  L0  files ─ lines ─ count ─ discard
 *  L1  files ─ JSON decode (BronzeDecoder at the source) ─ count ─ discard
 *  L2  L1 ─ intake (malformed → quarantine) ─ quality rules ─ PII ─ count ─ discard
 *  L3  L2 with Parquet sinks for bronze and quarantine instead of discard
 *  L4  BronzeJob (L3 + keyBy ─ dedupe)
 *  L5  L4 ─ project to landed rows ─ SilverJob (late routing, interval join, as-of join, Parquet)
 *  L6  L5 ─ GoldJob (1 h and 1 d event-time windows, Parquet, _SUCCESS markers)
 * </pre>
 */
final class LibraryLadder {

    static final PiiKey KEY = new PiiKey("bench", "YmVuY2htYXJrLWtleS1ub3QtYS1zZWNyZXQ=");
    static final String PREFIX = "bench-";

    private LibraryLadder() {}

    static List<DatasetDef> datasets() {
        return List.of(BenchData.ORDERS, BenchData.PAYMENTS);
    }

    /** The reference pipeline's rules (examples/ecommerce/pipeline.yaml): amount positive, known currency; WARN. */
    static RuleSet rules(DatasetDef ds) {
        var b = RuleSet.forDataset(BronzeSchemas.inFlight(ds.schema()))
                .range("amount_positive", "amount").minExclusive(BigDecimal.ZERO).warn();
        if (ds.schema().contains("currency")) {
            b = b.allowed("known_currency", "currency").values("EUR", "USD", "GBP", "CHF", "SEK", "PLN").warn();
        }
        return b.build();
    }

    static Path input(java.nio.file.Path data, DatasetDef ds) {
        return new Path(BenchData.dataset(data, ds.name()).toUri());
    }

    static void build(StreamExecutionEnvironment env, int level, java.nio.file.Path data, LakeLayout lake, GeneratorConfig config) {
        build(env, level, data, lake, config, false, sinks(false));
    }

    /** Parquet folders, or Iceberg tables in a Hadoop catalog at the lake root; a file or commit per checkpoint either way. */
    static LakeSinks sinks(boolean iceberg) {
        LakeSinks sinks = LakeSinks.rollOnCheckpoint();
        return iceberg ? sinks.withWriter(new IcebergLake(IcebergCatalog.hadoopInLakeRoot(), null)) : sinks;
    }

    /**
     * @param aligned read through continuously monitoring (unbounded) file sources with the datasets' sync group on,
     *     as production reads Kafka: BronzeJob aligns unbounded sources only (see {@link Variant#aligned})
     * @param sinks the lake format of every table from L3 on ({@link #sinks})
     */
    static void build(StreamExecutionEnvironment env, int level, java.nio.file.Path data, LakeLayout lake, GeneratorConfig config,
            boolean aligned, LakeSinks sinks) {
        if (level >= 4) {
            List<BronzeInput> inputs = new ArrayList<>();
            for (DatasetDef ds : aligned ? List.of(ReferencePipeline.ORDERS, ReferencePipeline.PAYMENTS) : datasets()) {
                FileSource<Row> files = aligned
                        ? FileSource.forBulkFileFormat(new TailingFormat<>(new JsonLinesFormat(BronzeSources.decoder(ds))), input(data, ds))
                                .monitorContinuously(java.time.Duration.ofSeconds(1)).build()
                        : BronzeSources.files(ds, input(data, ds));
                inputs.add(new BronzeInput(ds, files, ds.name() + "-files").withRules(rules(ds)));
            }
            Map<String, DataStream<Row>> landed = new BronzeJob(inputs, lake, sinks, KEY, PREFIX).build(env);
            if (level >= 5) {
                SilverDef silver = SilverDef.builder(BenchData.ORDERS, BenchData.PAYMENTS, BenchData.CUSTOMERS)
                        .paymentInterval(java.time.Duration.ZERO, BenchData.PAYMENT_WINDOW).build();
                DataStream<Row> enriched = new SilverJob(silver, toLanded(landed.get("orders"), BenchData.ORDERS),
                        toLanded(landed.get("payments"), BenchData.PAYMENTS), customers(env, config), lake,
                        sinks, PREFIX).build(env);
                if (level >= 6) {
                    new GoldJob(enriched, lake, sinks, PREFIX).build(env);
                }
            }
            return;
        }
        for (DatasetDef ds : datasets()) {
            String name = ds.name();
            if (level == 0) {
                FileSource<String> lines = FileSource.forRecordStreamFormat(new TextLineInputFormat(), input(data, ds)).build();
                env.fromSource(lines, WatermarkStrategy.noWatermarks(), name + "-lines")
                        .process(new CountingFunction<String>("l0." + name + ".lines", "lines"))
                        .sinkTo(new DiscardingSink<>());
                continue;
            }
            RecordSchema declared = ds.schema();
            RowTypeInfo rowType = BronzeSchemas.inFlight(declared).rowTypeInfo();
            DataStream<Row> raw = env.fromSource(BronzeSources.files(ds, input(data, ds)), BronzeJob.watermarks(ds), name + "-files", rowType);
            if (level == 1) {
                raw.process(new Counters("l1." + name + ".rows", BronzeDecoder.errorPosition(declared)), rowType)
                        .sinkTo(new DiscardingSink<>());
                continue;
            }
            PiiMasker masker = new PiiMasker(declared, ds.pii(), KEY);
            OutputTag<QuarantineRecord> tag = new OutputTag<>("quarantine-" + name) {};
            SingleOutputStreamOperator<Row> valid = raw
                    .process(new BronzeIntakeFunction(name, declared.arity(), masker, tag), rowType).name(name + ": intake");
            QualityStage.QualityResult checked = QualityStage.builder(rules(ds)).uidPrefix(PREFIX + name + "-quality").build().apply(valid);
            DataStream<QuarantineRecord> quarantined = valid.getSideOutput(tag).union(checked.quarantine());
            DataStream<Row> landed = checked.kept()
                    .map(new PiiProtectFunction(masker, BronzeDecoder.rawPosition(declared)), rowType).name(name + ": pii")
                    .process(new CountingFunction<Row>("bronze." + name + ".landed", "landed"), rowType);
            DataStream<Row> quarantineRows = quarantined
                    .process(new CountingFunction<QuarantineRecord>("bronze." + name + ".quarantined", "quarantined"))
                    .map(QuarantineRows::toRow, BronzeSchemas.QUARANTINE.rowTypeInfo());
            if (level == 2) {
                landed.sinkTo(new DiscardingSink<>());
                quarantineRows.sinkTo(new DiscardingSink<>());
            } else {
                // The tables BronzeJob writes, through the same seam (LakeSinks.write: the format decides).
                sinks.write(landed, lake, BronzeJob.table(ds), PREFIX + name + "-sink");
                sinks.write(quarantineRows, lake, LakeTable.side(LakeLayout.BRONZE, LakeLayout.QUARANTINE, name, BronzeSchemas.QUARANTINE,
                        "quarantine_date", "quarantined_at"), PREFIX + name + "-quarantine-sink");
            }
        }
    }

    /**
     * BronzeJob returns in-flight rows (landed columns plus the transient {@code _raw}/{@code _error});
     * SilverJob keeps rows in state with the landed layout's serializer, so project to that prefix.
     * (No public hook in the library does this; noted in the README.)
     */
    static DataStream<Row> toLanded(DataStream<Row> inFlight, DatasetDef ds) {
        RecordSchema landed = BronzeSchemas.landed(ds.schema());
        return inFlight.map(new Prefix(landed.arity()), landed.rowTypeInfo()).name(ds.name() + ": landed rows");
    }

    static DataStream<Row> customers(StreamExecutionEnvironment env, GeneratorConfig config) {
        List<Row> rows = BenchData.customerRows(config);
        RowTypeInfo t = BronzeSchemas.landed(BenchData.CUSTOMERS.schema()).rowTypeInfo();
        return env.fromSource(new DataGeneratorSource<>(new FromElementsGeneratorFunction<>(t, rows.toArray(new Row[0])), rows.size(), t),
                BronzeJob.watermarks(BenchData.CUSTOMERS), "customers", t).setParallelism(1);
    }

    /** The first {@code arity} fields of a row. */
    static final class Prefix implements MapFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final int arity;

        Prefix(int arity) {
            this.arity = arity;
        }

        @Override
        public Row map(Row row) {
            Row r = Row.withPositions(arity);
            for (int i = 0; i < arity; i++) {
                r.setField(i, row.getField(i));
            }
            return r;
        }
    }
}
