package com.example.tributary;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;
import dev.tributary.transforms.api.SqlFunctionFactory;
import dev.tributary.transforms.api.Transform;
import dev.tributary.transforms.api.TransformContext;
import dev.tributary.transforms.api.TransformFactory;

import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AmountBucketTransformTest {
    private static final RecordSchema ORDERS = RecordSchema.of("orders",
            Field.required("order_id", FieldType.STRING), Field.decimal("amount", true, 12, 2));

    private static TransformContext context(Map<String, String> options) {
        return new TransformContext() {
            public String name() {
                return "orders_bucketed";
            }

            public RecordSchema inputSchema() {
                return ORDERS;
            }

            public Map<String, String> options() {
                return options;
            }
        };
    }

    private static TransformFactory factory() {
        return ServiceLoader.load(TransformFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.identifier().equals(AmountBucketTransformFactory.IDENTIFIER)).findFirst().orElseThrow();
    }

    @Test
    void isFoundByServiceLoaderAndAppendsTheBucket() throws Exception {
        Transform t = factory().create(context(Map.of("column", "amount", "large-from", "100")));

        assertThat(t.outputSchema(ORDERS).fieldNames()).containsExactly("order_id", "amount", "amount_bucket");
        assertThat(t.map(Row.of("o1", new BigDecimal("12.00"))).getField(2)).isEqualTo("small");
        assertThat(t.map(Row.of("o2", new BigDecimal("60.00"))).getField(2)).isEqualTo("medium");
        assertThat(t.map(Row.of("o3", new BigDecimal("150.00"))).getField(2)).isEqualTo("large");
    }

    @Test
    void refusesANonDecimalColumn() {
        assertThatThrownBy(() -> factory().create(context(Map.of("column", "order_id"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DECIMAL");
    }

    @Test
    void registersTheSqlFunction() {
        SqlFunctionFactory f = ServiceLoader.load(SqlFunctionFactory.class).findFirst().orElseThrow();

        assertThat(f.functions()).containsKey("AMOUNT_BUCKET");
        assertThat(new AmountBuckets.AmountBucketFunction().eval(new BigDecimal("250"))).isEqualTo("large");
    }
}
