package dev.tributary.jobs.bronze;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;

import dev.tributary.testing.Waiting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The race behind "the first CDC changes at parallelism 4 went to {@code _late}", made deterministic: one
 * source subtask writes bursts separated by pauses longer than the idle timeout (as a CDC stream split
 * does when changes pause, and as every reader does while the stream split is being assigned), then two
 * keyed exchanges (bronze's dedupe keyBy, SCD2's keyBy). One instance of the middle stage is busy when the
 * subtask comes back from idleness, so the {@code ACTIVE} status and the burst wait in its input while the
 * other instance forwards the burst's watermark. A checker counts records that reach the last stage
 * behind its watermark. Before the fix the busy instance was still "idle" downstream, the watermark went
 * past its queued records and they arrived late; now the watermark waits for a checkpoint barrier that
 * followed the {@code ACTIVE} status, so nothing is late.
 */
class SubtaskWatermarkReactivationITCase {

    private static final int BURST = 40;
    private static final int BURSTS = 3;
    private static final long BASE = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
    private static final RowTypeInfo ROW = new RowTypeInfo(Types.STRING, Types.INSTANT);

    static final AtomicInteger SEEN = new AtomicInteger();
    static final AtomicInteger LATE = new AtomicInteger();
    static final AtomicLong CHECKER_WATERMARK = new AtomicLong(Long.MIN_VALUE);
    static final AtomicInteger BLOCKS = new AtomicInteger();
    static final AtomicInteger EMITTED = new AtomicInteger();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void recordsOfASubtaskComingBackFromIdlenessAreNeverBehindTheWatermarkTwoExchangesDownstream() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(200);
        env.getConfig().setAutoWatermarkInterval(50);

        DataGeneratorSource<Row> source = new DataGeneratorSource<>(
                i -> {
                    EMITTED.incrementAndGet();
                    return Row.of("key-" + (i % 16), Instant.ofEpochMilli(BASE + i * 10));
                }, Long.MAX_VALUE,
                parallelism -> new BurstsWithPauses(BURST, Duration.ofMillis(1200)), ROW);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "bursts").setParallelism(1)
                .transform("event time", ROW, new SubtaskWatermarkOperator(1, Duration.ZERO, Duration.ofMillis(300)))
                .setParallelism(1)
                .keyBy(r -> (String) r.getField(0))
                .transform("busy once when idle", ROW, new BusyWhenIdle())
                .keyBy(r -> ((String) r.getField(0)).toUpperCase())
                .transform("late check", ROW, new LateCheck())
                .sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>());
        // Unbounded (a CDC stream does not end): the end of input is not what this test is about.
        JobClient job = env.executeAsync("reactivation");
        try {
            Waiting.waitUntil(() -> SEEN.get() >= BURST * BURSTS, Duration.ofSeconds(90), BURST * BURSTS + " records checked");
        } finally {
            job.cancel().get(60, TimeUnit.SECONDS);
        }

        assertThat(BLOCKS.get()).as("the middle stage was made busy while the source was idle").isEqualTo(1);
        assertThat(LATE.get()).as("records behind the watermark at the last stage").isZero();
    }

    /** Releases {@code burst} records at once, then pauses (without blocking the task thread). */
    private static final class BurstsWithPauses implements RateLimiter {
        private final int burst;
        private final Duration pause;
        private int count;

        BurstsWithPauses(int burst, Duration pause) {
            this.burst = burst;
            this.pause = pause;
        }

        @Override
        public CompletionStage<Void> acquire() {
            if (++count % burst != 0) {
                return CompletableFuture.completedFuture(null);
            }
            return CompletableFuture.runAsync(() -> { },
                    CompletableFuture.delayedExecutor(pause.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    /**
     * Subtask 1, the first time its input turns idle, keeps its task thread busy until the checker's
     * watermark covers a record of the next burst (the race happened) or 4 s pass (the watermark correctly
     * waited for this subtask).
     */
    private static final class BusyWhenIdle extends AbstractStreamOperator<Row> implements OneInputStreamOperator<Row, Row> {
        @Override
        public void processElement(StreamRecord<Row> element) {
            output.collect(element);
        }

        @Override
        public void processWatermarkStatus(WatermarkStatus status) throws Exception {
            super.processWatermarkStatus(status);
            if (status.isIdle() && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 1
                    && BLOCKS.compareAndSet(0, 1)) {
                // The source is pausing: the next burst starts at index EMITTED, its first watermark is that ts - 1.
                long nextBurstWatermark = BASE + EMITTED.get() * 10L - 1;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
                while (CHECKER_WATERMARK.get() < nextBurstWatermark && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                }
            }
        }
    }

    /** Counts records and those at or behind the current watermark. */
    private static final class LateCheck extends AbstractStreamOperator<Row> implements OneInputStreamOperator<Row, Row> {
        private long watermark = Long.MIN_VALUE;

        @Override
        public void processElement(StreamRecord<Row> element) {
            SEEN.incrementAndGet();
            if (element.getTimestamp() <= watermark) {
                LATE.incrementAndGet();
            }
            output.collect(element);
        }

        @Override
        public void processWatermark(Watermark mark) throws Exception {
            watermark = mark.getTimestamp();
            if (mark.getTimestamp() != Long.MAX_VALUE) {
                CHECKER_WATERMARK.accumulateAndGet(mark.getTimestamp(), Math::max);
            }
            super.processWatermark(mark);
        }
    }
}
