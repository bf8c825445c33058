package com.example.tributary;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;
import dev.tributary.transforms.api.Transform;
import dev.tributary.transforms.api.TransformContext;
import dev.tributary.transforms.api.TransformFactory;

import org.apache.flink.types.Row;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * {@code amount-bucket}: appends a STRING column ({@code amount_bucket} by default) saying whether a DECIMAL
 * column is {@code small}, {@code medium} or {@code large}.
 *
 * <pre>
 * transform:
 *   identifier: amount-bucket
 *   input: orders
 *   options:
 *     column: amount        # required: a DECIMAL column
 *     medium-from: 50       # optional, default 50
 *     large-from: 200       # optional, default 200
 * </pre>
 */
public final class AmountBucketTransformFactory implements TransformFactory {
    public static final String IDENTIFIER = "amount-bucket";

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<String> requiredOptions() {
        return Set.of("column");
    }

    @Override
    public Set<String> optionalOptions() {
        return Set.of("medium-from", "large-from", "output-column");
    }

    @Override
    public String description() {
        return "append small/medium/large for a DECIMAL column (example project)";
    }

    @Override
    public Transform create(TransformContext context) {
        String column = context.options().get("column");
        RecordSchema in = context.inputSchema();
        if (!in.contains(column) || in.field(column).type() != FieldType.DECIMAL) {
            throw new IllegalArgumentException("option 'column': expected a DECIMAL column of " + in.fieldNames() + ", found '" + column + "'");
        }
        return new AmountBucket(in.indexOf(column), new BigDecimal(context.option("medium-from", "50")),
                new BigDecimal(context.option("large-from", "200")), context.option("output-column", "amount_bucket"));
    }

    /** The transform itself: the part a data engineer writes. */
    static final class AmountBucket implements Transform {
        private static final long serialVersionUID = 1L;
        private final int position;
        private final BigDecimal mediumFrom;
        private final BigDecimal largeFrom;
        private final String outputColumn;

        AmountBucket(int position, BigDecimal mediumFrom, BigDecimal largeFrom, String outputColumn) {
            this.position = position;
            this.mediumFrom = mediumFrom;
            this.largeFrom = largeFrom;
            this.outputColumn = outputColumn;
        }

        @Override
        public RecordSchema outputSchema(RecordSchema input) {
            return input.append(List.of(Field.optional(outputColumn, FieldType.STRING)));
        }

        @Override
        public Row map(Row row) {
            Row out = Row.join(row, Row.of(AmountBuckets.bucket((BigDecimal) row.getField(position), mediumFrom, largeFrom)));
            return out;
        }
    }
}
