package dev.tributary.quality;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.tributary.quality.QualityTestData.CUSTOMERS;
import static dev.tributary.quality.QualityTestData.ORDERS;
import static dev.tributary.quality.QualityTestData.customer;
import static dev.tributary.quality.QualityTestData.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The job graph a stage builds: stable uids, readable names, and build-time checks. */
class QualityStageTest {

    @Test
    void everyOperatorHasAStableUidAndAReadableName() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<Row> orders = env.fromData(List.of(order("o1")), ORDERS.rowTypeInfo());
        DataStream<Row> customers = env.fromData(List.of(customer(1, "a")), CUSTOMERS.rowTypeInfo());

        QualityStage.QualityResult result = QualityStage.builder(QualityStageITCase.rules())
                .referenceStream("customers", customers)
                .uidPrefix("bronze-orders-quality")
                .build()
                .apply(orders);
        result.kept().sinkTo(new DiscardingSink<>());
        result.quarantine().sinkTo(new DiscardingSink<>());

        Map<String, String> uidToName = env.getStreamGraph().getStreamNodes().stream()
                .filter(n -> n.getTransformationUID() != null)
                .collect(Collectors.toMap(StreamNode::getTransformationUID, StreamNode::getOperatorName));
        assertThat(uidToName).containsEntry("bronze-orders-quality-evaluate", "quality[orders]: 5 stateless rules")
                .containsEntry("bronze-orders-quality-unique-one_per_day", "quality[orders]: unique 'one_per_day' [order_id]")
                .containsEntry("bronze-orders-quality-referential-known_customer",
                        "quality[orders]: referential 'known_customer' -> customers.customer_id")
                .containsEntry("bronze-orders-quality-route", "quality[orders]: route by action");
    }

    @Test
    void missingReferenceStreamsAreRefusedAtBuildTime() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        RecordSchema other = RecordSchema.of("customers", Field.required("id", FieldType.LONG));
        DataStream<Row> wrong = env.fromData(List.of(Row.of(1L)), other.rowTypeInfo());

        assertThatThrownBy(() -> QualityStage.builder(QualityStageITCase.rules()).build())
                .hasMessage("dataset 'orders', rule 'known_customer': expected a reference stream for dataset "
                        + "'customers' (call referenceStream), got streams for []");
        assertThatThrownBy(() -> QualityStage.builder(QualityStageITCase.rules()).referenceStream("customers", wrong).build())
                .hasMessage("dataset 'orders', rule 'known_customer': expected column 'customer_id' in "
                        + "reference dataset 'customers', which has [id]");
    }

    @Test
    void renderersMustBeSerializable() {
        Object notSerializable = new Object();

        assertThatThrownBy(() -> QualityStage.builder(QualityStageITCase.rules())
                        .renderer(row -> notSerializable.toString()))
                .hasMessageContaining("not serializable");
    }
}
