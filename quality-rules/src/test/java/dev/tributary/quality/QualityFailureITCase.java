package dev.tributary.quality;

import dev.tributary.quality.api.BreakerPolicy;
import dev.tributary.quality.api.BreakerTrippedException;
import dev.tributary.quality.api.QualityRuleFailedException;
import dev.tributary.quality.api.RecordRenderer;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.tributary.quality.QualityTestData.ORDERS;
import static dev.tributary.quality.QualityTestData.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Jobs that must stop: a FAIL rule, and a breaker tripping on a burst (but not on scattered bad records). */
class QualityFailureITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static StreamExecutionEnvironment env() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        return env;
    }

    private static JobExecutionResult run(RuleSet rules, List<Row> rows) throws Exception {
        StreamExecutionEnvironment env = env();
        QualityStage.QualityResult result = QualityStage.builder(rules)
                .renderer(RecordRenderer.jsonMasking(ORDERS, Set.of("email")))
                .build()
                .apply(env.fromData(rows, ORDERS.rowTypeInfo()));
        result.kept().sinkTo(new DiscardingSink<>());
        result.quarantine().sinkTo(new DiscardingSink<>());
        return env.execute();
    }

    @Test
    void failRuleStopsTheJobNamingDatasetRuleAndMaskedRecord() {
        RuleSet rules = RuleSet.forDataset(ORDERS).expression("no_test_orders", "order_id NOT LIKE 'test-%'").fail().build();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(order("o" + i));
        }
        rows.add(order("test-1", "email", "secret.person@example.com"));

        Throwable failure = catchThrowable(() -> run(rules, rows));

        Optional<QualityRuleFailedException> cause = ExceptionUtils.findThrowable(failure, QualityRuleFailedException.class);
        assertThat(cause).isPresent();
        assertThat(cause.get().dataset()).isEqualTo("orders");
        assertThat(cause.get().rule()).isEqualTo("no_test_orders");
        assertThat(cause.get().getMessage())
                .startsWith("Data quality rule 'no_test_orders' of dataset 'orders' has action FAIL and failed: "
                        + "expression is false: order_id NOT LIKE 'test-%'; record: {\"order_id\":\"test-1\",")
                .contains("\"email\":\"***\"")
                .doesNotContain("secret.person");
    }

    private static RuleSet withBreaker() {
        return RuleSet.forDataset(ORDERS)
                .range("amount_positive", "amount").minExclusive(0).drop()
                .breaker(BreakerPolicy.builder().threshold(0.5).windowRecords(20).minRecords(20).build())
                .build();
    }

    private static Row bad(int i) {
        return order("o" + i, "amount", new BigDecimal("-1"));
    }

    @Test
    void breakerTripsOnABurstOfBadRecords() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(i >= 100 && i < 160 ? bad(i) : order("o" + i)); // 60 bad in a row, ~30 per subtask
        }

        Throwable failure = catchThrowable(() -> run(withBreaker(), rows));

        Optional<BreakerTrippedException> cause = ExceptionUtils.findThrowable(failure, BreakerTrippedException.class);
        assertThat(cause).isPresent();
        assertThat(cause.get()).hasMessageContaining("Quality breaker of dataset 'orders' tripped")
                .hasMessageContaining("of the last 20 records");
    }

    @Test
    void breakerDoesNotTripOnScatteredBadRecords() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rows.add(i % 5 == 0 ? bad(i) : order("o" + i)); // 20% bad, spread evenly
        }

        JobExecutionResult result = run(withBreaker(), rows);

        assertThat(QualitySummary.from(result).count("orders", "dropped")).isEqualTo(200);
        assertThat(QualitySummary.from(result).count("orders", "passed")).isEqualTo(800);
    }
}
