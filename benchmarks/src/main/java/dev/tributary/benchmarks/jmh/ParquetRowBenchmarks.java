package dev.tributary.benchmarks.jmh;

import dev.tributary.demo.datagen.GeneratorConfig;
import dev.tributary.demo.datagen.ReferenceDataGenerator;
import dev.tributary.demo.datagen.ReferenceSchemas;
import dev.tributary.demo.reference.ReferencePipeline;
import dev.tributary.jobs.bronze.BronzeDecoder;
import dev.tributary.jobs.bronze.BronzeJob;
import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.jobs.lake.RowParquetWriters;
import dev.tributary.transforms.api.RecordSchema;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
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

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One landed bronze order row written to Parquet (issue 16, session 5), files rolled every 32,768 rows as a
 * checkpoint would: {@code impl = dictionary} (every column may use a dictionary, as before) or {@code plain}
 * (the bronze table's settings: the de-duplication key and the source offset without dictionary). The key and the
 * offset are unique per row, as in a bronze table; the other columns come from the reference generator.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ParquetRowBenchmarks {

    static final int ROWS_PER_FILE = 32_768;

    @Param({"dictionary", "plain"})
    public String impl;

    private Row[] rows;
    private int keyPos;
    private int offsetPos;
    private long n;
    /** Same length and long common prefixes, like sequential ids: the dictionary's worst case. */
    private final char[] key = "O-0000000000".toCharArray();
    private ParquetWriterFactory<Row> factory;
    private BulkWriter<Row> writer;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        RecordSchema landed = BronzeSchemas.landed(ReferenceSchemas.ORDERS_SCHEMA);
        ReferenceDataGenerator g = new ReferenceDataGenerator(GeneratorConfig.builder().orders(4096).clean().build());
        BronzeDecoder decoder = new BronzeDecoder(ReferenceSchemas.ORDERS_SCHEMA, true);
        int[] prefix = new int[landed.arity()];
        for (int i = 0; i < prefix.length; i++) {
            prefix[i] = i;
        }
        rows = new Row[4096];
        for (int k = 0; k < rows.length; k++) {
            rows[k] = Row.project(decoder.decode(g.order(k).getPayload(), "orders", 0, (long) k, null), prefix);
        }
        keyPos = landed.indexOf(ReferencePipeline.ORDERS.dedupeKey().get(0));
        offsetPos = landed.indexOf(BronzeSchemas.SOURCE_OFFSET);
        List<String> plain = impl.equals("plain") ? BronzeJob.table(ReferencePipeline.ORDERS).plainColumns() : List.of();
        factory = RowParquetWriters.factory(landed, plain);
        writer = factory.create(new BronzeOperatorBenchmarks.NullStream());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        writer.finish();
    }

    /** One row (a unique key and offset); every 32,768 rows the file is closed and a new one opened. */
    @Benchmark
    public void writeRow() throws Exception {
        long k = n++;
        Row r = rows[(int) (k & 4095)];
        long v = k;
        for (int i = key.length - 1; i >= 2; i--) {
            key[i] = (char) ('0' + v % 10);
            v /= 10;
        }
        r.setField(keyPos, new String(key));
        r.setField(offsetPos, k);
        writer.addElement(r);
        if ((k + 1) % ROWS_PER_FILE == 0) {
            writer.finish();
            writer = factory.create(new BronzeOperatorBenchmarks.NullStream());
        }
    }
}
