package dev.tributary.jobs.compose;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The longest window read from real Flink 1.20 plans (the format {@link SqlWindows} parses is Flink's, not ours). */
class SqlWindowsTest {
    private static StreamTableEnvironment tEnv;

    @BeforeAll
    static void tables() {
        tEnv = PipelineLoader.tableEnvironment(StreamExecutionEnvironment.getExecutionEnvironment(), RuntimeExecutionMode.STREAMING);
        tEnv.executeSql("CREATE TABLE gauges (gauge STRING, level DOUBLE, ts TIMESTAMP(3),"
                + " WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'datagen')");
    }

    private static Duration span(String sql) {
        return SqlWindows.span(tEnv.sqlQuery(sql));
    }

    @Test
    void windowsGiveTheirLongestSpan() {
        assertThat(span("SELECT window_start, gauge, MAX(level) FROM TABLE(TUMBLE(TABLE gauges, DESCRIPTOR(ts),"
                + " INTERVAL '90' MINUTE)) GROUP BY window_start, window_end, gauge")).isEqualTo(Duration.ofMinutes(90));
        assertThat(span("SELECT window_start, gauge, MAX(level) FROM TABLE(HOP(TABLE gauges, DESCRIPTOR(ts),"
                + " INTERVAL '5' MINUTE, INTERVAL '1' HOUR)) GROUP BY window_start, window_end, gauge")).isEqualTo(Duration.ofHours(1));
        assertThat(span("SELECT window_start, gauge, MAX(level) FROM TABLE(CUMULATE(TABLE gauges, DESCRIPTOR(ts),"
                + " INTERVAL '1' HOUR, INTERVAL '1' DAY)) GROUP BY window_start, window_end, gauge")).isEqualTo(Duration.ofDays(1));
        assertThat(span("SELECT TUMBLE_START(ts, INTERVAL '2' HOUR) AS s, gauge, COUNT(*) FROM gauges"
                + " GROUP BY TUMBLE(ts, INTERVAL '2' HOUR), gauge")).isEqualTo(Duration.ofHours(2));
        assertThat(span("SELECT SESSION_START(ts, INTERVAL '7' MINUTE) AS s, gauge, COUNT(*) FROM gauges"
                + " GROUP BY SESSION(ts, INTERVAL '7' MINUTE), gauge")).isEqualTo(Duration.ofMinutes(7));
    }

    @Test
    void aQueryWithoutWindowsHasNone() {
        assertThat(span("SELECT gauge, CAST(ts AS TIMESTAMP(3)) AS t FROM gauges WHERE level > 1")).isZero();
    }
}
