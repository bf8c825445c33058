package dev.tributary.jobs.lake;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.types.Row;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * Writes the first {@code schema.arity()} positions of a {@link Row} as one Parquet record. Rows may be
 * longer than the schema (in-flight rows carry transient trailing columns that never land).
 */
@Internal
final class RowWriteSupport extends WriteSupport<Row> {

    private final RecordSchema schema;
    private final Map<String, String> metadata;
    private RecordConsumer consumer;

    RowWriteSupport(RecordSchema schema, Map<String, String> metadata) {
        this.schema = schema;
        this.metadata = metadata;
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(ParquetSchemas.toParquet(schema), metadata);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(Row row) {
        consumer.startMessage();
        for (int i = 0; i < schema.arity(); i++) {
            Object v = row.getField(i);
            Field f = schema.field(i);
            if (v == null) {
                if (f.isRequired()) {
                    throw new IllegalArgumentException(
                            "dataset '" + schema.name() + "': required column '" + f.name() + "' is null");
                }
                continue;
            }
            consumer.startField(f.name(), i);
            writeValue(f, v);
            consumer.endField(f.name(), i);
        }
        consumer.endMessage();
    }

    private void writeValue(Field f, Object v) {
        switch (f.type()) {
            case STRING:
                // The same UTF-8 bytes as Binary.fromString, but array-backed: fromString wraps them in a ByteBuffer,
                // and every dictionary probe and statistics comparison then reads them byte by byte through it.
                consumer.addBinary(Binary.fromConstantByteArray(((String) v).getBytes(StandardCharsets.UTF_8)));
                break;
            case BOOLEAN:
                consumer.addBoolean((Boolean) v);
                break;
            case INT:
                consumer.addInteger((Integer) v);
                break;
            case LONG:
                consumer.addLong((Long) v);
                break;
            case DOUBLE:
                consumer.addDouble((Double) v);
                break;
            case DECIMAL:
                BigDecimal d = ((BigDecimal) v).setScale(f.scale(), java.math.RoundingMode.HALF_EVEN);
                if (f.precision() <= 18) {
                    consumer.addLong(d.unscaledValue().longValueExact());
                } else {
                    consumer.addBinary(Binary.fromConstantByteArray(d.unscaledValue().toByteArray()));
                }
                break;
            case TIMESTAMP:
                consumer.addLong(((Instant) v).toEpochMilli());
                break;
            case DATE:
                consumer.addInteger((int) ((LocalDate) v).toEpochDay());
                break;
            default:
                throw new IllegalStateException("unhandled type " + f.type());
        }
    }
}
