package dev.tributary.jobs.cdc;

import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.types.Row;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Debezium change events → in-flight bronze rows, on hand-built events shaped like Debezium's. */
class BronzeCdcDeserializerTest {

    private static final RecordSchema DECLARED = CdcTestData.CUSTOMERS.schema();
    private static final RecordSchema IN_FLIGHT = BronzeSchemas.inFlight(DECLARED);
    private static final Schema ZONED = SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").build();
    private static final Schema ROW = customerSchema(ZONED, false);
    private static final BronzeCdcDeserializer DESERIALIZER = new BronzeCdcDeserializer(DECLARED, "public.customers");

    @Test
    void updateBecomesATypedRowWithChangeColumnsAndMetadata() throws Exception {
        Row r = only(event(ROW, "u", customer(ROW, "c-1", "gold", "2026-02-02T10:00:00.123456Z"), 4242L, 1767340800000L));

        assertThat(r.getField(IN_FLIGHT.indexOf("customer_id"))).isEqualTo("c-1");
        assertThat(r.getField(IN_FLIGHT.indexOf("segment"))).isEqualTo("gold");
        assertThat(r.getField(IN_FLIGHT.indexOf("updated_at"))).isEqualTo(Instant.parse("2026-02-02T10:00:00.123Z"));
        assertThat(r.getField(IN_FLIGHT.indexOf(CdcSchemas.OP))).isEqualTo("u");
        assertThat(r.getField(IN_FLIGHT.indexOf(CdcSchemas.LSN))).isEqualTo(4242L);
        assertThat(r.getField(IN_FLIGHT.indexOf(CdcSchemas.COMMIT_TS))).isEqualTo(Instant.ofEpochMilli(1767340800000L));
        assertThat(r.getField(IN_FLIGHT.indexOf(BronzeSchemas.SOURCE))).isEqualTo("postgres:public.customers");
        assertThat(r.getField(IN_FLIGHT.indexOf(BronzeSchemas.SOURCE_OFFSET))).isEqualTo(4242L);
        assertThat(r.getField(IN_FLIGHT.indexOf(BronzeSchemas.ERROR))).isNull();
        assertThat(r.getField(IN_FLIGHT.indexOf(BronzeSchemas.RAW))).isNull();
    }

    @Test
    void snapshotReadsGetLsnZeroAndTheSnapshotCommitTime() throws Exception {
        Row r = only(event(ROW, "r", customer(ROW, "c-1", "retail", "2026-01-01T00:00:00Z"), 99L, 1767340800000L));

        assertThat(r.getField(IN_FLIGHT.indexOf(CdcSchemas.LSN))).isEqualTo(0L);
        assertThat(r.getField(IN_FLIGHT.indexOf(CdcSchemas.COMMIT_TS))).isEqualTo(CdcSchemas.SNAPSHOT_COMMIT_TS);
    }

    @Test
    void malformedEventsCarryAnErrorAndAJsonPayloadForQuarantine() throws Exception {
        Schema boolTs = customerSchema(Schema.BOOLEAN_SCHEMA, false);
        Struct badTs = new Struct(boolTs).put("customer_id", "c-1").put("name", "Ada").put("segment", "s")
                .put("country", "FR").put("updated_at", true);
        Struct keyOnly = new Struct(ROW).put("customer_id", "c-2");

        Row wrongType = only(event(boolTs, "u", badTs, 1L, 1L));
        Row deleteWithoutImage = only(event(ROW, "d", keyOnly, 2L, 2L));
        Row truncate = only(event(ROW, "t", null, 3L, 3L));

        assertThat((String) wrongType.getField(IN_FLIGHT.indexOf(BronzeSchemas.ERROR)))
                .startsWith("wrong-type: 'updated_at' expects TIMESTAMP, found Boolean");
        assertThat((String) wrongType.getField(IN_FLIGHT.indexOf(BronzeSchemas.RAW)))
                .contains("\"customer_id\":\"c-1\"", "\"name\":\"Ada\"", "\"updated_at\":true");
        assertThat((String) deleteWithoutImage.getField(IN_FLIGHT.indexOf(BronzeSchemas.ERROR)))
                .isEqualTo("missing-field: 'segment' is required (deletes need REPLICA IDENTITY FULL on public.customers)");
        assertThat((String) truncate.getField(IN_FLIGHT.indexOf(BronzeSchemas.ERROR))).startsWith("unsupported-op: 't'");
    }

    @Test
    void anAddedColumnStopsWithAMessageSayingWhatToDo() {
        Schema wider = customerSchema(ZONED, true);
        Struct row = customer(wider, "c-1", "gold", "2026-02-02T10:00:00Z").put("loyalty_tier", "gold");

        assertThatThrownBy(() -> only(event(wider, "u", row, 5L, 5L)))
                .isInstanceOf(UnsupportedSchemaChangeException.class)
                .hasMessageContaining("'public.customers'")
                .hasMessageContaining("new column(s) [loyalty_tier]")
                .hasMessageContaining("add the column(s) (as optional) to the dataset's declared schema");
    }

    @Test
    void recordsThatAreNotChangeEventsAreSkipped() throws Exception {
        List<Row> out = new ArrayList<>();
        DESERIALIZER.deserialize(new SourceRecord(Map.of(), Map.of(), "heartbeat", null, null), new ListCollector<>(out));

        assertThat(out).isEmpty();
    }

    private static Schema customerSchema(Schema tsSchema, boolean withLoyaltyTier) {
        SchemaBuilder b = SchemaBuilder.struct().name("pg.public.customers.Value")
                .field("customer_id", Schema.STRING_SCHEMA)
                .field("name", Schema.OPTIONAL_STRING_SCHEMA)
                .field("email", Schema.OPTIONAL_STRING_SCHEMA)
                .field("segment", Schema.OPTIONAL_STRING_SCHEMA)
                .field("country", Schema.OPTIONAL_STRING_SCHEMA)
                .field("updated_at", tsSchema.isOptional() ? tsSchema : optional(tsSchema));
        if (withLoyaltyTier) {
            b.field("loyalty_tier", Schema.OPTIONAL_STRING_SCHEMA);
        }
        return b.optional().build();
    }

    private static Schema optional(Schema s) {
        SchemaBuilder b = s.type() == Schema.Type.STRING ? SchemaBuilder.string() : SchemaBuilder.bool();
        if (s.name() != null) {
            b.name(s.name());
        }
        return b.optional().build();
    }

    private static Struct customer(Schema schema, String id, String segment, String updatedAt) {
        return new Struct(schema).put("customer_id", id).put("name", "Name " + id).put("email", id + "@x")
                .put("segment", segment).put("country", "FR").put("updated_at", updatedAt);
    }

    private static SourceRecord event(Schema rowSchema, String op, Struct image, long lsn, long tsMs) {
        Schema source = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
                .field("schema", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
                .field("lsn", Schema.OPTIONAL_INT64_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();
        Schema envelope = SchemaBuilder.struct().name("pg.public.customers.Envelope")
                .field("before", rowSchema).field("after", rowSchema).field("source", source)
                .field("op", Schema.STRING_SCHEMA).build();
        Struct value = new Struct(envelope)
                .put("source", new Struct(source).put("schema", "public").put("table", "customers").put("lsn", lsn).put("ts_ms", tsMs))
                .put("op", op);
        if (image != null) {
            value.put("d".equals(op) ? "before" : "after", image);
        }
        return new SourceRecord(Map.of(), Map.of(), "pg.public.customers", envelope, value);
    }

    private static Row only(SourceRecord record) throws Exception {
        List<Row> out = new ArrayList<>();
        DESERIALIZER.deserialize(record, new ListCollector<>(out));
        assertThat(out).hasSize(1);
        return out.get(0);
    }
}
