package dev.tributary.jobs.lake;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps a {@link RecordSchema} to the Parquet schema of its lake files. Chosen so any Parquet reader
 * (Spark, DuckDB, Trino, parquet-java) reads the values without Tributary: timestamps are INT64
 * {@code TIMESTAMP(MILLIS, UTC)}, money is {@code DECIMAL(p,s)} on INT64 (p <= 18) or BINARY, dates INT32 DATE.
 */
@Internal
public final class ParquetSchemas {

    private ParquetSchemas() {}

    public static MessageType toParquet(RecordSchema schema) {
        List<Type> types = new ArrayList<>(schema.arity());
        for (Field f : schema.fields()) {
            types.add(toParquet(f));
        }
        return new MessageType(schema.name(), types);
    }

    static Type toParquet(Field f) {
        Types.PrimitiveBuilder<org.apache.parquet.schema.PrimitiveType> b;
        switch (f.type()) {
            case STRING:
                b = prim(f, PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType());
                break;
            case BOOLEAN:
                b = prim(f, PrimitiveTypeName.BOOLEAN);
                break;
            case INT:
                b = prim(f, PrimitiveTypeName.INT32);
                break;
            case LONG:
                b = prim(f, PrimitiveTypeName.INT64);
                break;
            case DOUBLE:
                b = prim(f, PrimitiveTypeName.DOUBLE);
                break;
            case DECIMAL:
                b = prim(f, f.precision() <= 18 ? PrimitiveTypeName.INT64 : PrimitiveTypeName.BINARY)
                        .as(LogicalTypeAnnotation.decimalType(f.scale(), f.precision()));
                break;
            case TIMESTAMP:
                b = prim(f, PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS));
                break;
            case DATE:
                b = prim(f, PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType());
                break;
            default:
                throw new IllegalStateException("unhandled type " + f.type());
        }
        return b.named(f.name());
    }

    private static Types.PrimitiveBuilder<org.apache.parquet.schema.PrimitiveType> prim(Field f, PrimitiveTypeName t) {
        return f.isRequired() ? Types.required(t) : Types.optional(t);
    }
}
