package com.example.tributary;

import dev.tributary.transforms.api.SqlFunctionFactory;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.table.functions.UserDefinedFunction;

import java.math.BigDecimal;
import java.util.Map;

/** The same bucketing as a SQL function: {@code AMOUNT_BUCKET(amount)} in silver and gold SQL. */
public final class AmountBuckets implements SqlFunctionFactory {

    @Override
    public String identifier() {
        return "example-amount-buckets";
    }

    @Override
    public Map<String, UserDefinedFunction> functions() {
        return Map.of("AMOUNT_BUCKET", new AmountBucketFunction());
    }

    static String bucket(BigDecimal amount, BigDecimal mediumFrom, BigDecimal largeFrom) {
        if (amount == null) {
            return null;
        }
        return amount.compareTo(largeFrom) >= 0 ? "large" : amount.compareTo(mediumFrom) >= 0 ? "medium" : "small";
    }

    /** {@code AMOUNT_BUCKET(DECIMAL) -> STRING} with the default thresholds 50 and 200. */
    public static final class AmountBucketFunction extends ScalarFunction {
        private static final long serialVersionUID = 1L;

        public String eval(@DataTypeHint("DECIMAL(38, 10)") BigDecimal amount) {
            return bucket(amount, BigDecimal.valueOf(50), BigDecimal.valueOf(200));
        }
    }
}
