package dev.tributary.benchmarks.jmh;

import dev.tributary.demo.datagen.GeneratorConfig;
import dev.tributary.demo.datagen.ReferenceDataGenerator;
import dev.tributary.demo.datagen.ReferenceSchemas;
import dev.tributary.demo.reference.ReferencePipeline;
import dev.tributary.jobs.bronze.BronzeDecoder;
import dev.tributary.jobs.bronze.RecordRowTypeInfo;
import dev.tributary.transforms.api.PiiKey;
import dev.tributary.transforms.builtin.PiiMasker;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The keyed exchange of the bronze job per record (issue 16): serialize the PII-protected in-flight order row
 * and deserialize it again, with Flink's generic {@code RowSerializer} ({@code impl = row}, before) and with
 * {@code RecordRowSerializer} ({@code impl = record}, after); and the copy a chained edge makes of it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ExchangeBenchmarks {

    @Param({"row", "record"})
    public String impl;

    private Row[] rows;
    private TypeSerializer<Row> serializer;
    private final DataOutputSerializer out = new DataOutputSerializer(1024);
    private final DataInputDeserializer in = new DataInputDeserializer();
    private int i;

    @Setup(Level.Trial)
    public void setUp() {
        ReferenceDataGenerator g = new ReferenceDataGenerator(GeneratorConfig.builder().orders(4096).clean().build());
        BronzeDecoder decoder = new BronzeDecoder(ReferenceSchemas.ORDERS_SCHEMA, true);
        PiiMasker masker = new PiiMasker(ReferenceSchemas.ORDERS_SCHEMA, ReferencePipeline.ORDERS.pii(),
                new PiiKey("bench", "YmVuY2htYXJrLWtleS1ub3QtYS1zZWNyZXQ="));
        int raw = BronzeDecoder.rawPosition(ReferenceSchemas.ORDERS_SCHEMA);
        rows = new Row[4096];
        for (int k = 0; k < rows.length; k++) {
            Row r = decoder.decode(g.order(k).getPayload(), "orders", 0, (long) k, "/data/orders/orders-0.jsonl");
            r.setField(raw, null);
            rows[k] = masker.apply(r);
        }
        serializer = impl.equals("row")
                ? HotPathBenchmarks.IN_FLIGHT.rowTypeInfo().createSerializer(new SerializerConfigImpl())
                : new RecordRowTypeInfo(HotPathBenchmarks.IN_FLIGHT).createSerializer(new SerializerConfigImpl());
    }

    /** One record across the keyed exchange: serialize on the sender, deserialize on the receiver. */
    @Benchmark
    public Row exchangeRoundTrip() throws Exception {
        i = (i + 1) & 4095;
        out.clear();
        serializer.serialize(rows[i], out);
        in.setBuffer(out.getSharedBuffer(), 0, out.length());
        return serializer.deserialize(in);
    }

    /** The copy a chained edge makes without object reuse. */
    @Benchmark
    public Row chainedCopy() {
        i = (i + 1) & 4095;
        return serializer.copy(rows[i]);
    }
}
