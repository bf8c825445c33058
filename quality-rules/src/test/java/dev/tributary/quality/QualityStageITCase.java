package dev.tributary.quality;

import dev.tributary.quality.api.QualityMetrics;
import dev.tributary.quality.api.RecordRenderer;
import dev.tributary.transforms.api.QuarantineRecord;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.tributary.quality.QualityTestData.CUSTOMERS;
import static dev.tributary.quality.QualityTestData.ORDERS;
import static dev.tributary.quality.QualityTestData.T0;
import static dev.tributary.quality.QualityTestData.customer;
import static dev.tributary.quality.QualityTestData.order;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job over a generated stream with a known number of each kind of bad record: the counters, the
 * kept records and the quarantine must match the injected counts exactly, in both runtime modes.
 */
class QualityStageITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final int N = 200; // 10 records of each of the 20 kinds below

    static RuleSet rules() {
        return RuleSet.forDataset(ORDERS)
                .notNull("customer_present", "customer_id").quarantine()
                .range("amount_positive", "amount").minExclusive(0).drop()
                .allowed("known_status", "status").values("NEW", "PAID", "SHIPPED").warn()
                .pattern("email_shape", "email").regex("[^@]+@[^@]+").warn()
                .expression("paid_has_amount", "NOT paid OR amount > 0").quarantine()
                .unique("one_per_day", "order_id").window(Duration.ofDays(1)).drop()
                .referential("known_customer", "customer_id").references("customers", "customer_id")
                        .grace(Duration.ofMinutes(10)).quarantine()
                .build();
    }

    /** Order i; its kind is i % 20: 0 and 8..19 clean, 1..7 one kind of bad record each. */
    static Row generated(int i) {
        Row row = order("o" + i);
        row.setField(ORDERS.indexOf("customer_id"), (long) (i % 5 + 1));
        row.setField(ORDERS.indexOf("event_time"), T0.plusSeconds(i));
        switch (i % 20) {
            case 1: // DROP (unpaid, so paid_has_amount does not apply)
                row.setField(ORDERS.indexOf("amount"), new BigDecimal("-5.00"));
                row.setField(ORDERS.indexOf("paid"), false);
                break;
            case 2: // WARN
                row.setField(ORDERS.indexOf("status"), "LOST");
                break;
            case 3: // QUARANTINE, failing a DROP, a WARN and a QUARANTINE rule
                row.setField(ORDERS.indexOf("amount"), new BigDecimal("0.00"));
                row.setField(ORDERS.indexOf("status"), "LOST");
                break;
            case 4: // QUARANTINE (null key: the referential rule lets it pass)
                row.setField(ORDERS.indexOf("customer_id"), null);
                break;
            case 5: // DROP: same order id as the clean record i - 5, same day
                row.setField(0, "o" + (i - 5));
                break;
            case 6: // QUARANTINE: the parent never arrives
                row.setField(ORDERS.indexOf("customer_id"), 999L);
                break;
            case 7: // WARN
                row.setField(ORDERS.indexOf("email"), "not-an-email");
                break;
            default:
        }
        return row;
    }

    @ParameterizedTest
    @EnumSource(value = RuntimeExecutionMode.class, names = {"STREAMING", "BATCH"})
    void countersKeptRecordsAndQuarantineMatchTheInjectedCounts(RuntimeExecutionMode mode) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(mode);
        List<Row> orders = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            orders.add(generated(i));
        }
        DataStream<Row> input = env.fromData(orders, ORDERS.rowTypeInfo())
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Row>forBoundedOutOfOrderness(Duration.ofSeconds(5))
                        .withTimestampAssigner((row, ts) -> ((Instant) row.getField(7)).toEpochMilli()));
        DataStream<Row> customers = env.fromData(
                        List.of(customer(1, "a"), customer(2, "b"), customer(3, "c"), customer(4, "d"), customer(5, "e")),
                        CUSTOMERS.rowTypeInfo())
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Row>forMonotonousTimestamps()
                        .withTimestampAssigner((row, ts) -> T0.toEpochMilli()));

        QualityStage.QualityResult result = QualityStage.builder(rules())
                .renderer(RecordRenderer.jsonMasking(ORDERS, Set.of("email")))
                .referenceStream("customers", customers)
                .uidPrefix("it-orders")
                .build()
                .apply(input);
        CloseableIterator<String> kept = result.kept().map(r -> (String) r.getField(0)).returns(Types.STRING).collectAsync();
        CloseableIterator<QuarantineRecord> quarantine = result.quarantine().collectAsync();
        JobExecutionResult job = env.execute("quality-it-" + mode);
        List<String> keptIds = drain(kept);
        List<QuarantineRecord> quarantined = drain(quarantine);

        QualitySummary summary = QualitySummary.from(job);
        assertThat(summary.count("orders", QualityMetrics.RECORDS)).as(summary.format()).isEqualTo(200);
        assertThat(summary.count("orders", QualityMetrics.PASSED)).isEqualTo(130);
        assertThat(summary.count("orders", QualityMetrics.WARNED)).isEqualTo(20);
        assertThat(summary.count("orders", QualityMetrics.DROPPED)).as(summary.format()).isEqualTo(20);
        assertThat(summary.count("orders", QualityMetrics.QUARANTINED)).isEqualTo(30);
        Map<String, Integer> failed = Map.of("customer_present", 10, "amount_positive", 20, "known_status", 20,
                "email_shape", 10, "paid_has_amount", 10, "one_per_day", 10, "known_customer", 10);
        failed.forEach((rule, count) -> {
            assertThat(summary.count("orders", rule, QualityMetrics.CHECKED)).as(rule).isEqualTo(200);
            assertThat(summary.count("orders", rule, QualityMetrics.FAILED)).as(rule).isEqualTo((long) count);
            assertThat(summary.count("orders", rule, QualityMetrics.PASSED)).as(rule).isEqualTo(200L - count);
        });

        // WARN records are kept, DROP records are not; exactly one of each duplicate pair is kept.
        assertThat(keptIds).hasSize(150).doesNotContainAnyElementsOf(idsOfKind(1, 3, 4, 6));
        assertThat(keptIds).containsAll(idsOfKind(2, 7));
        assertThat(keptIds.stream().filter(idsOfKind(0)::contains)).containsExactlyInAnyOrderElementsOf(idsOfKind(0));

        // Quarantined records carry every failed rule, in declaration order, and a masked payload.
        Map<String, List<String>> byRules = quarantined.stream().collect(Collectors.groupingBy(
                q -> q.failedRules, Collectors.mapping(q -> idOf(q.rawPayload), Collectors.toList())));
        assertThat(byRules).containsOnlyKeys("amount_positive,known_status,paid_has_amount", "customer_present",
                "known_customer");
        assertThat(byRules.get("amount_positive,known_status,paid_has_amount")).containsExactlyInAnyOrderElementsOf(idsOfKind(3));
        assertThat(byRules.get("customer_present")).containsExactlyInAnyOrderElementsOf(idsOfKind(4));
        assertThat(byRules.get("known_customer")).containsExactlyInAnyOrderElementsOf(idsOfKind(6));
        QuarantineRecord three = quarantined.stream().filter(q -> q.rawPayload.contains("\"o3\"")).findFirst().get();
        assertThat(three.dataset).isEqualTo("orders");
        assertThat(three.reason).isEqualTo("amount_positive: column 'amount' is not above 0; "
                + "known_status: column 'status' is not one of [NEW, PAID, SHIPPED]; "
                + "paid_has_amount: expression is false: NOT paid OR amount > 0");
        assertThat(three.rawPayload).contains("\"email\":\"***\"").doesNotContain("ann@example.com");
        assertThat(three.eventTime).isEqualTo(T0.plusSeconds(3));
        assertThat(three.quarantinedAt).isNotNull();
    }

    private static List<String> idsOfKind(int... kinds) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            for (int k : kinds) {
                if (i % 20 == k) {
                    ids.add("o" + i);
                }
            }
        }
        return ids;
    }

    private static String idOf(String json) {
        int start = json.indexOf("\"order_id\":\"") + "\"order_id\":\"".length();
        return json.substring(start, json.indexOf('"', start));
    }

    static <T> List<T> drain(CloseableIterator<T> it) throws Exception {
        List<T> out = new ArrayList<>();
        try (it) {
            it.forEachRemaining(out::add);
        }
        return out;
    }
}
