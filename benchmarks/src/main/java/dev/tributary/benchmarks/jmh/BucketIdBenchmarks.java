package dev.tributary.benchmarks.jmh;

import dev.tributary.jobs.lake.DateBucketAssigner;
import org.apache.flink.types.Row;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

/**
 * The partition (bucket) id of a lake row, per record (issue 16): the formula before the change (a ZonedDateTime,
 * a LocalDate string and a concatenation per row) against {@link DateBucketAssigner}, which builds the id once per
 * day. Rows in event-time order, ~20 s apart, as a bronze sink sees them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class BucketIdBenchmarks {

    private Row[] rows;
    private int i;
    private DateBucketAssigner assigner;

    @Setup(Level.Trial)
    public void setUp() {
        rows = new Row[4096];
        long t = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
        for (int k = 0; k < rows.length; k++) {
            rows[k] = Row.of("o-" + k, Instant.ofEpochMilli(t + k * 20_000L));
        }
        assigner = new DateBucketAssigner("event_date", 1);
    }

    @Benchmark
    public String bucketIdPerRowBefore() {
        i = (i + 1) & 4095;
        Object v = rows[i].getField(1);
        return "event_date" + "=" + ((Instant) v).atZone(ZoneOffset.UTC).toLocalDate();
    }

    @Benchmark
    public String bucketIdCachedAfter() {
        i = (i + 1) & 4095;
        return assigner.getBucketId(rows[i], null);
    }
}
