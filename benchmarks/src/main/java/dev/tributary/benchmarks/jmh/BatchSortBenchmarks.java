package dev.tributary.benchmarks.jmh;

import dev.tributary.demo.datagen.GeneratorConfig;
import dev.tributary.demo.datagen.ReferenceDataGenerator;
import dev.tributary.demo.datagen.ReferenceSchemas;
import dev.tributary.jobs.bronze.BronzeDecoder;
import dev.tributary.jobs.bronze.HashedKeyColumns;
import dev.tributary.jobs.bronze.RecordRowTypeInfo;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeComparator;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.MemorySegment;
import org.apache.flink.core.memory.MemorySegmentFactory;
import org.apache.flink.runtime.operators.sort.NormalizedKeySorter;
import org.apache.flink.runtime.operators.sort.QuickSort;
import org.apache.flink.streaming.api.operators.sort.BatchSortAccess;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Row;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * BATCH's keyed sort before the bronze dedupe, per record (issue 16): write 4,096 in-flight order rows with their
 * serialized key into Flink's in-memory sorter (as {@code SortingDataInput} does) and quick-sort them. {@code
 * before}: the {@code String} key and {@code RowSerializer}; {@code after}: the 64-bit hash key and
 * {@code RecordRowSerializer}. Ids are sequential and shuffled, as the generator's are.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class BatchSortBenchmarks {

    static final int RECORDS = 4096;

    @Param({"before", "after"})
    public String impl;

    private final List<StreamRecord<Row>> records = new ArrayList<>();
    private final List<byte[]> keys = new ArrayList<>();
    private NormalizedKeySorter<Tuple2<byte[], StreamRecord<Row>>> sorter;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ReferenceDataGenerator g = new ReferenceDataGenerator(GeneratorConfig.builder().orders(RECORDS).clean().build());
        BronzeDecoder decoder = new BronzeDecoder(ReferenceSchemas.ORDERS_SCHEMA, true);
        int raw = BronzeDecoder.rawPosition(ReferenceSchemas.ORDERS_SCHEMA);
        boolean after = impl.equals("after");
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (int k = 0; k < RECORDS; k++) {
            Row r = decoder.decode(g.order(k).getPayload(), "orders", 0, (long) k, "/data/orders/orders-0.jsonl");
            r.setField(raw, null);
            records.add(new StreamRecord<>(r, k));
        }
        Collections.shuffle(records, new java.util.Random(42));
        for (StreamRecord<Row> rec : records) {
            String id = (String) rec.getValue().getField(0);
            out.clear();
            if (after) {
                LongSerializer.INSTANCE.serialize(HashedKeyColumns.hash64(id), out);
            } else {
                StringSerializer.INSTANCE.serialize(id, out);
            }
            keys.add(out.getCopyOfBuffer());
        }
        TypeSerializer<Row> rows = after
                ? new RecordRowTypeInfo(HotPathBenchmarks.IN_FLIGHT).createSerializer(new SerializerConfigImpl())
                : HotPathBenchmarks.IN_FLIGHT.rowTypeInfo().createSerializer(new SerializerConfigImpl());
        int keyLength = after ? 8 : -1;
        TypeComparator<Tuple2<byte[], StreamRecord<Row>>> comparator = BatchSortAccess.comparator(keyLength);
        List<MemorySegment> memory = new ArrayList<>();
        for (int i = 0; i < 512; i++) {
            memory.add(MemorySegmentFactory.allocateUnpooledSegment(32 * 1024));
        }
        sorter = new NormalizedKeySorter<>(BatchSortAccess.serializer(rows, keyLength), comparator, memory);
    }

    /** Write every record with its key into the sorter, sort, reset; the score is per record. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public int sortRecords() throws Exception {
        sorter.reset();
        for (int k = 0; k < RECORDS; k++) {
            if (!sorter.write(Tuple2.of(keys.get(k), records.get(k)))) {
                throw new IllegalStateException("sort buffer full");
            }
        }
        new QuickSort().sort(sorter);
        return sorter.size();
    }
}
