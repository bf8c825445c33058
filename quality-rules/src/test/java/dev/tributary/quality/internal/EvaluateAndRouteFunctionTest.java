package dev.tributary.quality.internal;

import dev.tributary.quality.RuleSet;
import dev.tributary.quality.api.QualityRuleFailedException;
import dev.tributary.quality.api.RecordRenderer;
import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.QuarantineRecord;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stateless evaluation and the routing functions, each in a harness. */
class EvaluateAndRouteFunctionTest {
    private static final RecordSchema EVENTS = RecordSchema.of("events",
            Field.required("id", FieldType.STRING),
            Field.optional("event_time", FieldType.TIMESTAMP),
            Field.optional("_ingested_at", FieldType.TIMESTAMP),
            Field.optional("ssn", FieldType.STRING));
    private static final Instant T = Instant.parse("2024-05-01T00:00:00Z");

    private static final RuleSet RULES = RuleSet.forDataset(EVENTS)
            .freshness("fresh", "event_time").maxBehind(Duration.ofHours(1)).warn()
            .pattern("ssn_shape", "ssn").regex("\\d{3}-\\d{2}-\\d{4}").quarantine()
            .expression("not_test", "id NOT LIKE 'test%'").drop()
            .expression("no_bomb", "id <> 'bomb'").fail()
            .ingestionTime("_ingested_at")
            .build();

    private static Row event(String id, Instant eventTime, String ssn) {
        return Row.of(id, eventTime, T, ssn);
    }

    @Test
    void freshnessUsesTheIngestionTimeColumnSoReplaysDecideTheSame() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new EvaluateFunction(RULES)))) {
            h.setup(Checked.typeInfo(EVENTS.rowTypeInfo()).createSerializer(new SerializerConfigImpl()));
            h.open();
            h.processElement(new StreamRecord<>(event("a", T.minus(Duration.ofHours(1)), "123-45-6789"), 1));
            h.processElement(new StreamRecord<>(event("b", T.minus(Duration.ofHours(2)), "123-45-6789"), 2));

            List<Tuple3<Row, String[], String[]>> out = h.extractOutputValues();
            assertThat(out.get(0).f1).isEmpty();
            assertThat(out.get(1).f1).containsExactly("fresh");
            assertThat(out.get(1).f2).containsExactly("column 'event_time' is more than PT1H behind now");
        }
    }

    private static OneInputStreamOperatorTestHarness<Tuple3<Row, String[], String[]>, Row> router() throws Exception {
        RecordRenderer masked = RecordRenderer.jsonMasking(EVENTS, Set.of("ssn"));
        var h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new RouteFunction(RULES, masked)));
        h.setup(EVENTS.rowTypeInfo().createSerializer(new SerializerConfigImpl()));
        h.open();
        return h;
    }

    private static StreamRecord<Tuple3<Row, String[], String[]>> checked(Row row, long ts, String... rulesAndMessages) {
        String[] rules = new String[rulesAndMessages.length / 2];
        String[] messages = new String[rules.length];
        for (int i = 0; i < rules.length; i++) {
            rules[i] = rulesAndMessages[2 * i];
            messages[i] = rulesAndMessages[2 * i + 1];
        }
        return new StreamRecord<>(Tuple3.of(row, rules, messages), ts);
    }

    @Test
    void routesByTheMostSevereAction() throws Exception {
        try (var h = router()) {
            h.processElement(checked(event("ok", T, "1"), 1));
            h.processElement(checked(event("warned", T, "2"), 2, "fresh", "late"));
            h.processElement(checked(event("test-dropped", T, "3"), 3, "fresh", "late", "not_test", "test"));
            h.processElement(checked(event("test-quarantined", T, "secret"), 4,
                    "fresh", "late", "ssn_shape", "bad ssn", "not_test", "test"));

            assertThat(h.extractOutputValues()).extracting(r -> r.getField(0)).containsExactly("ok", "warned");
            ConcurrentLinkedQueue<StreamRecord<QuarantineRecord>> quarantined = h.getSideOutput(RouteFunction.QUARANTINE);
            assertThat(quarantined).hasSize(1);
            QuarantineRecord q = quarantined.peek().getValue();
            assertThat(q.dataset).isEqualTo("events");
            assertThat(q.failedRules).isEqualTo("fresh,ssn_shape,not_test");
            assertThat(q.reason).isEqualTo("fresh: late; ssn_shape: bad ssn; not_test: test");
            assertThat(q.rawPayload).isEqualTo("{\"id\":\"test-quarantined\",\"event_time\":\"2024-05-01T00:00:00Z\","
                    + "\"_ingested_at\":\"2024-05-01T00:00:00Z\",\"ssn\":\"***\"}");
            assertThat(q.eventTime).isEqualTo(Instant.ofEpochMilli(4));
        }
    }

    @Test
    void datasetDispositionCountersResumeFromTheCheckpointAfterFailover() throws Exception {
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
        try (var h = router()) {
            h.processElement(checked(event("ok", T, "1"), 1));
            h.processElement(checked(event("test-dropped", T, "3"), 2, "not_test", "test"));
            snapshot = h.snapshot(1L, 1L);
            h.processElement(checked(event("test-lost-with-the-attempt", T, "3"), 3, "not_test", "test"));
        }
        RecordRenderer masked = RecordRenderer.jsonMasking(EVENTS, Set.of("ssn"));
        RouteFunction restoredFn = new RouteFunction(RULES, masked);
        try (var h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(restoredFn))) {
            h.setup(EVENTS.rowTypeInfo().createSerializer(new SerializerConfigImpl()));
            h.initializeState(snapshot);
            h.open();
            h.processElement(checked(event("test-again", T, "3"), 3, "not_test", "test"));

            // one drop before the checkpoint + one after the restore; the drop of the failed attempt is not counted
            assertThat(restoredFn.getRuntimeContext().getAccumulator("quality.events.dropped").getLocalValue()).isEqualTo(2L);
            assertThat(restoredFn.getRuntimeContext().getAccumulator("quality.events.records").getLocalValue()).isEqualTo(3L);
        }
    }

    @Test
    void failActionThrowsWithTheMaskedRecord() throws Exception {
        try (var h = router()) {
            assertThatThrownBy(() -> h.processElement(checked(event("bomb", T, "123-45-6789"), 1,
                            "ssn_shape", "bad", "no_bomb", "expression is false: id <> 'bomb'")))
                    .isInstanceOf(QualityRuleFailedException.class)
                    .hasMessage("Data quality rule 'no_bomb' of dataset 'events' has action FAIL and failed: "
                            + "expression is false: id <> 'bomb'; record: {\"id\":\"bomb\",\"event_time\":"
                            + "\"2024-05-01T00:00:00Z\",\"_ingested_at\":\"2024-05-01T00:00:00Z\",\"ssn\":\"***\"}");
        }
    }
}
