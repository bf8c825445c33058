package dev.tributary.benchmarks.jmh;

import dev.tributary.jobs.bronze.BronzeDecoder;
import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.demo.datagen.GeneratorConfig;
import dev.tributary.demo.datagen.ReferenceDataGenerator;
import dev.tributary.jobs.lake.RowParquetWriters;
import dev.tributary.demo.datagen.ReferenceSchemas;
import dev.tributary.transforms.builtin.DeduplicateOperator;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.sorted.state.BatchExecutionStateBackend;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Before/after micro-benchmarks of the bronze operators changed for issue 16, in a steady state (unlike a
 * harness that only grows): the dedupe step per record with the watermark advancing every 256 records (so
 * cleanup timers fire and state stays at ~1,000 live keys) and the output drained, in {@code impl = v1} (the
 * first layout: KeyedProcessOperator + DeduplicateFunction with its TTL backstop), {@code v2} (layout 2: a flag
 * and a timer per key) and {@code v3} ({@link DeduplicateOperator}: a horizon per key, a timer per cleanup
 * bucket), in STREAMING and in BATCH (sorted keys, the batch state backend); and the cost
 * of one rolled Parquet file (open, one row, close) with a Hadoop configuration per file (before) or per task.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED"})
@State(Scope.Thread)
public class BronzeOperatorBenchmarks {

    private static final long STEP_MS = 10;
    private static final Duration RETENTION = Duration.ofSeconds(10);

    /** v1: DeduplicateFunction (layout 1); v2: layout 2, per-key timers (a copy, {@link DedupeLayout2}); v3: the library now. */
    @Param({"v1", "v2", "v3"})
    public String impl;

    @Param({"streaming", "batch"})
    public String mode;

    private Row[] rows;
    private KeyedOneInputStreamOperatorTestHarness<String, Row, Row> dedupe;
    private long n;
    private ParquetWriterFactory<Row> sharedFactory;
    private final FSDataOutputStream sink = new NullStream();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ReferenceDataGenerator g = new ReferenceDataGenerator(GeneratorConfig.builder().orders(4096).clean().build());
        BronzeDecoder decoder = new BronzeDecoder(ReferenceSchemas.ORDERS_SCHEMA, true);
        rows = new Row[4096];
        for (int k = 0; k < rows.length; k++) {
            rows[k] = decoder.decode(g.order(k).getPayload(), "orders", 0, (long) k, null);
        }
        @SuppressWarnings("deprecation")
        OneInputStreamOperator<Row, Row> op = impl.equals("v1")
                ? new KeyedProcessOperator<>(new dev.tributary.transforms.builtin.DeduplicateFunction(2, RETENTION, RETENTION.multipliedBy(4), "bench"))
                : impl.equals("v2") && mode.equals("streaming") ? new DedupeLayout2(RETENTION, "bench")
                : new DeduplicateOperator<String>(RETENTION, "bench");
        dedupe = new KeyedOneInputStreamOperatorTestHarness<>(op, r -> (String) r.getField(0), Types.STRING);
        if (mode.equals("batch")) {
            dedupe.setStateBackend(new BatchExecutionStateBackend());
        }
        dedupe.setup(HotPathBenchmarks.IN_FLIGHT.rowTypeInfo().createSerializer(new SerializerConfigImpl()));
        dedupe.open();
        sharedFactory = RowParquetWriters.factory(BronzeSchemas.landed(ReferenceSchemas.ORDERS_SCHEMA));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        dedupe.close();
    }

    /**
     * One record; 1 in 8 repeats the previous key (a duplicate), the rest are new keys. Every 256 records the
     * watermark advances (STREAMING) and the harness's output queue is drained.
     */
    @Benchmark
    public void dedupeRecord() throws Exception {
        long k = n++;
        boolean duplicate = (k & 7) == 7;
        Row r = rows[(int) (k & 4095)];
        r.setField(0, duplicate ? "o-" + (k - 1) : "o-" + k);
        dedupe.processElement(r, k * STEP_MS);
        if ((k & 255) == 255) {
            if (mode.equals("streaming")) {
                dedupe.processWatermark(k * STEP_MS - 1000);
            }
            dedupe.getOutput().clear();
        }
    }

    /** One rolled Parquet file of landed orders: open the writer, write one row, close (footer). */
    @Benchmark
    public void parquetFilePerTaskConf() throws Exception {
        writeOne(sharedFactory);
    }

    /** As before the change: a new Hadoop configuration for every file (parses core-default.xml). */
    @Benchmark
    public void parquetFilePerFileConf() throws Exception {
        writeOne(RowParquetWriters.factory(BronzeSchemas.landed(ReferenceSchemas.ORDERS_SCHEMA)));
    }

    private void writeOne(ParquetWriterFactory<Row> factory) throws Exception {
        BulkWriter<Row> w = factory.create(sink);
        Row landed = Row.project(rows[(int) (n++ & 4095)], prefix());
        w.addElement(landed);
        w.finish();
    }

    private static int[] prefixCache;

    private static int[] prefix() {
        if (prefixCache == null) {
            int arity = BronzeSchemas.landed(ReferenceSchemas.ORDERS_SCHEMA).arity();
            prefixCache = new int[arity];
            for (int i = 0; i < arity; i++) {
                prefixCache[i] = i;
            }
        }
        return prefixCache;
    }

    /** Discards bytes but keeps the position Parquet asks for. */
    static final class NullStream extends FSDataOutputStream {
        private long pos;

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public void write(int b) {
            pos++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            pos += len;
        }

        @Override
        public void flush() {}

        @Override
        public void sync() {}

        @Override
        public void close() {}
    }
}
