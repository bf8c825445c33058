package dev.tributary.jobs.bronze;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RecordRowSerializer}: Flink's serializer contract ({@link SerializerTestBase}: copy, sequences, reuse,
 * duplicate, snapshot and restore), plus a seeded property test against values its authors did not pick: every
 * random row round-trips exactly, including unpaired surrogates, non-ASCII text, decimals of any size and scale,
 * instants with nanos, every row kind; and the type info hands out this serializer.
 */
class RecordRowSerializerTest extends SerializerTestBase<Row> {

    private static final RecordSchema SCHEMA = RecordSchema.of("all",
            Field.required("s", FieldType.STRING), Field.optional("b", FieldType.BOOLEAN),
            Field.optional("i", FieldType.INT), Field.optional("l", FieldType.LONG),
            Field.optional("d", FieldType.DOUBLE), Field.decimal("m", false, 12, 2),
            Field.optional("t", FieldType.TIMESTAMP), Field.optional("day", FieldType.DATE),
            Field.optional("s2", FieldType.STRING));

    @Override
    protected TypeSerializer<Row> createSerializer() {
        return new RecordRowTypeInfo(SCHEMA).createSerializer(new SerializerConfigImpl());
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<Row> getTypeClass() {
        return Row.class;
    }

    @Override
    protected Row[] getTestData() {
        Random r = new Random(7);
        Row[] rows = new Row[40];
        for (int k = 0; k < rows.length; k++) {
            rows[k] = randomRow(r);
        }
        return rows;
    }

    @Test
    void randomRowsRoundTripExactly() throws Exception {
        RecordRowSerializer s = new RecordRowSerializer(types());
        Random r = new Random(20261202L);
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (int k = 0; k < 20_000; k++) {
            Row row = randomRow(r);
            out.clear();
            s.serialize(row, out);
            Row back = s.deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
            assertThat(back).as("row %d", k).isEqualTo(row);
            assertThat(back.getKind()).isEqualTo(row.getKind());
        }
    }

    @Test
    void keyStringsWithUnpairedSurrogatesKeepTheirHashCode() throws Exception {
        RecordRowSerializer s = new RecordRowSerializer(types());
        Row row = Row.withPositions(SCHEMA.arity());
        for (String key : new String[] {"a\uD800", "\uDC00?", "?", "\uD83D\uDE00 ok", "é\uD800x"}) {
            row.setField(0, key);
            DataOutputSerializer out = new DataOutputSerializer(16);
            s.serialize(row, out);
            Row back = s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat((String) back.getField(0)).isEqualTo(key).hasSameHashCodeAs(key);
        }
    }

    @Test
    void snapshotRestoresAnEqualSerializerAndRejectsOtherColumns() throws Exception {
        TypeSerializerSnapshot<Row> snap = createSerializer().snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snap);
        TypeSerializerSnapshot<Row> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertThat(read.restoreSerializer()).isEqualTo(createSerializer());
        assertThat(snap.resolveSchemaCompatibility(read).isCompatibleAsIs()).isTrue();
        TypeSerializerSnapshot<Row> other = new RecordRowSerializer(new FieldType[] {FieldType.STRING}).snapshotConfiguration();
        assertThat(snap.resolveSchemaCompatibility(other).isIncompatible()).isTrue();
    }

    @Test
    void typeInfoIsARowTypeInfoThatNeverEqualsThePlainOne() {
        RecordRowTypeInfo info = new RecordRowTypeInfo(SCHEMA);
        assertThat(info.getFieldNames()).isEqualTo(SCHEMA.rowTypeInfo().getFieldNames());
        assertThat(info).isEqualTo(new RecordRowTypeInfo(SCHEMA)).isNotEqualTo(SCHEMA.rowTypeInfo());
        assertThat(SCHEMA.rowTypeInfo()).isNotEqualTo(info);
    }

    private static FieldType[] types() {
        FieldType[] t = new FieldType[SCHEMA.arity()];
        for (int i = 0; i < t.length; i++) {
            t[i] = SCHEMA.field(i).type();
        }
        return t;
    }

    private static Row randomRow(Random r) {
        Row row = Row.withPositions(RowKind.values()[r.nextInt(RowKind.values().length)], SCHEMA.arity());
        row.setField(0, randomString(r));
        row.setField(1, r.nextInt(3) == 0 ? null : r.nextBoolean());
        row.setField(2, r.nextInt(3) == 0 ? null : r.nextInt());
        row.setField(3, r.nextInt(3) == 0 ? null : r.nextLong());
        row.setField(4, r.nextInt(3) == 0 ? null : r.nextDouble() * 1e6 - 5e5);
        row.setField(5, r.nextInt(3) == 0 ? null : randomDecimal(r));
        row.setField(6, r.nextInt(3) == 0 ? null : Instant.ofEpochSecond(r.nextInt() * 10L, r.nextInt(1_000_000_000)));
        row.setField(7, r.nextInt(3) == 0 ? null : LocalDate.ofEpochDay(r.nextInt(200_000) - 100_000));
        row.setField(8, r.nextInt(3) == 0 ? null : randomString(r));
        return row;
    }

    private static BigDecimal randomDecimal(Random r) {
        BigInteger unscaled = new BigInteger(1 + r.nextInt(120), r);
        return new BigDecimal(r.nextBoolean() ? unscaled : unscaled.negate(), r.nextInt(20) - 5);
    }

    /** ASCII, Latin-1, CJK, emoji pairs, unpaired surrogates and '?' mixed, 0-300 chars. */
    private static String randomString(Random r) {
        int n = r.nextInt(8) == 0 ? r.nextInt(300) : r.nextInt(20);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(10)) {
                case 0:
                    sb.append((char) (0xD800 + r.nextInt(0x800)));
                    break;
                case 1:
                    sb.append((char) (0x80 + r.nextInt(0x780)));
                    break;
                case 2:
                    sb.appendCodePoint(0x1F600 + r.nextInt(64));
                    break;
                case 3:
                    sb.append('?');
                    break;
                case 4:
                    sb.append((char) (0x4E00 + r.nextInt(0x5000)));
                    break;
                default:
                    sb.append((char) (0x20 + r.nextInt(0x5F)));
            }
        }
        return sb.toString();
    }
}
