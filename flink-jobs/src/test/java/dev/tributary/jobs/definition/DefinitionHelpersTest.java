package dev.tributary.jobs.definition;

import dev.tributary.jobs.definition.yaml.Durations;
import dev.tributary.jobs.definition.yaml.SqlReferences;
import dev.tributary.jobs.definition.yaml.Suggestions;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DefinitionHelpersTest {

    @Test
    void durationsNeedAUnit() {
        assertThat(Durations.parse("5 s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("10 min")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("1 h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("500 ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("60")).isNull();
        assertThat(Durations.parse("5 parsecs")).isNull();
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90 min");
    }

    @Test
    void suggestsTheNearestNameOnlyWhenClose() {
        assertThat(Suggestions.didYouMean("event-tme", List.of("event-time", "kind"))).isEqualTo("; did you mean 'event-time'?");
        assertThat(Suggestions.didYouMean("order_time", List.of("order_id", "order_ts"))).isEqualTo("; did you mean 'order_ts'?");
        assertThat(Suggestions.didYouMean("zzz", List.of("event-time"))).isEmpty();
    }

    @Test
    void findsTheTablesAQueryReads() {
        assertThat(SqlReferences.tables("SELECT o.a FROM orders o JOIN payments p ON o.id = p.id WHERE o.x = 'FROM x'"))
                .containsExactly("orders", "payments");
        assertThat(SqlReferences.tables("SELECT * FROM TABLE(TUMBLE(TABLE paid, DESCRIPTOR(rowtime), INTERVAL '1' HOUR))"))
                .containsExactly("paid");
        assertThat(SqlReferences.tables("SELECT * FROM a, b AS bb WHERE a.id = bb.id")).containsExactly("a", "b");
        assertThat(SqlReferences.tables("SELECT * FROM (SELECT * FROM `inner`) t -- FROM comment")).containsExactly("inner");
    }
}
