package dev.tributary.jobs.bronze;

import dev.tributary.transforms.api.FieldType;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.types.StringValue;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Serializer of position-based {@link Row}s whose columns have the value classes of {@link FieldType}, for the
 * rows that cross bronze's keyed exchange (see {@link RecordRowTypeInfo}).
 *
 * <p>Why not Flink's {@code RowSerializer}: the profile of the bronze job put 13 % of its CPU in the keyed
 * exchange, most of it in the generic field serializers: {@code StringValue} writes and reads a string char by
 * char through a thread-local buffer, and {@code BigDecSerializer} goes through a {@code BigInteger} byte array
 * each way. Here a string travels as its UTF-8 bytes (the JDK's vectorized encoder and decoder), a decimal whose
 * unscaled value fits in a long as that long plus its scale, an instant as seconds plus nanos.
 *
 * <p>Format of one row: the {@link RowKind} byte, a null bit set of {@code ceil(arity / 8)} bytes, then each
 * non-null column. A string is {@code varint(2 * n + m)} then n bytes: m = 0 is UTF-8, m = 1 the char-exact
 * {@code StringValue} form, used for the rare string holding an unpaired surrogate (which UTF-8 cannot carry, and
 * the key of a keyed exchange must round-trip exactly or the receiver computes another key group).
 *
 * <p>Not thread-safe (reusable byte buffers): {@link #duplicate()} returns a fresh instance, as Flink expects.
 */
@Internal
public final class RecordRowSerializer extends TypeSerializer<Row> {
    private static final long serialVersionUID = 1L;

    private static final byte DECIMAL_LONG = 0;
    private static final byte DECIMAL_BYTES = 1;

    private final FieldType[] types;
    private final int maskBytes;
    private transient byte[] buffer;
    private transient byte[] nullBits;

    public RecordRowSerializer(FieldType[] types) {
        this.types = types.clone();
        this.maskBytes = (types.length + 7) >>> 3;
    }

    FieldType[] types() {
        return types.clone();
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<Row> duplicate() {
        return new RecordRowSerializer(types);
    }

    @Override
    public Row createInstance() {
        return Row.withPositions(types.length);
    }

    /** Column values are immutable (String, boxed primitives, BigDecimal, Instant, LocalDate): a shallow copy is a deep one. */
    @Override
    public Row copy(Row from) {
        checkArity(from);
        Row to = Row.withPositions(from.getKind(), types.length);
        for (int i = 0; i < types.length; i++) {
            to.setField(i, from.getField(i));
        }
        return to;
    }

    @Override
    public Row copy(Row from, Row reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Row row, DataOutputView out) throws IOException {
        checkArity(row);
        out.writeByte(row.getKind().toByteValue());
        for (int b = 0; b < maskBytes; b++) {
            int mask = 0;
            for (int bit = 0; bit < 8; bit++) {
                int i = (b << 3) + bit;
                if (i < types.length && row.getField(i) == null) {
                    mask |= 1 << bit;
                }
            }
            out.writeByte(mask);
        }
        for (int i = 0; i < types.length; i++) {
            Object v = row.getField(i);
            if (v != null) {
                writeValue(types[i], v, out);
            }
        }
    }

    @Override
    public Row deserialize(DataInputView in) throws IOException {
        Row row = Row.withPositions(RowKind.fromByteValue(in.readByte()), types.length);
        byte[] nulls = nullBits;
        if (nulls == null) {
            nulls = new byte[maskBytes];
            nullBits = nulls;
        }
        in.readFully(nulls, 0, maskBytes);
        for (int i = 0; i < types.length; i++) {
            if ((nulls[i >>> 3] & (1 << (i & 7))) == 0) {
                row.setField(i, readValue(types[i], in));
            }
        }
        return row;
    }

    @Override
    public Row deserialize(Row reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    private void writeValue(FieldType type, Object v, DataOutputView out) throws IOException {
        switch (type) {
            case STRING:
                writeString((String) v, out);
                break;
            case BOOLEAN:
                out.writeBoolean((Boolean) v);
                break;
            case INT:
                out.writeInt((Integer) v);
                break;
            case LONG:
                out.writeLong((Long) v);
                break;
            case DOUBLE:
                out.writeDouble((Double) v);
                break;
            case DECIMAL:
                writeDecimal((BigDecimal) v, out);
                break;
            case TIMESTAMP:
                Instant t = (Instant) v;
                out.writeLong(t.getEpochSecond());
                out.writeInt(t.getNano());
                break;
            case DATE:
                out.writeLong(((LocalDate) v).toEpochDay());
                break;
            default:
                throw new IllegalStateException("unhandled type " + type);
        }
    }

    private Object readValue(FieldType type, DataInputView in) throws IOException {
        switch (type) {
            case STRING:
                return readString(in);
            case BOOLEAN:
                return in.readBoolean();
            case INT:
                return in.readInt();
            case LONG:
                return in.readLong();
            case DOUBLE:
                return in.readDouble();
            case DECIMAL:
                return readDecimal(in);
            case TIMESTAMP:
                long seconds = in.readLong();
                return Instant.ofEpochSecond(seconds, in.readInt());
            case DATE:
                return LocalDate.ofEpochDay(in.readLong());
            default:
                throw new IllegalStateException("unhandled type " + type);
        }
    }

    private static void writeString(String s, DataOutputView out) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (!exactInUtf8(utf8, s)) {
            writeVarInt(out, 1);
            StringValue.writeString(s, out);
            return;
        }
        writeVarInt(out, utf8.length << 1);
        out.write(utf8);
    }

    /**
     * True if decoding {@code utf8} gives {@code s} back. The JDK encoder replaces an unpaired surrogate by
     * '?', so only strings containing '?' or non-ASCII bytes need the (rare) check of their chars.
     */
    private static boolean exactInUtf8(byte[] utf8, String s) {
        for (byte b : utf8) {
            if (b < 0 || b == '?') {
                return !hasUnpairedSurrogate(s);
            }
        }
        return true;
    }

    private static boolean hasUnpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private String readString(DataInputView in) throws IOException {
        int header = readVarInt(in);
        if ((header & 1) == 1) {
            return StringValue.readString(in);
        }
        int n = header >>> 1;
        byte[] b = buffer;
        if (b == null || b.length < n) {
            b = new byte[Math.max(n, 256)];
            buffer = b;
        }
        in.readFully(b, 0, n);
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    private static void writeDecimal(BigDecimal d, DataOutputView out) throws IOException {
        int scale = d.scale();
        // precision <= 18 means the unscaled value fits in a long; scaleByPowerOfTen keeps it compact (no BigInteger).
        if (d.precision() <= 18) {
            out.writeByte(DECIMAL_LONG);
            out.writeInt(scale);
            out.writeLong(d.scaleByPowerOfTen(scale).longValueExact());
            return;
        }
        byte[] unscaled = d.unscaledValue().toByteArray();
        out.writeByte(DECIMAL_BYTES);
        out.writeInt(scale);
        writeVarInt(out, unscaled.length);
        out.write(unscaled);
    }

    private static BigDecimal readDecimal(DataInputView in) throws IOException {
        byte form = in.readByte();
        int scale = in.readInt();
        if (form == DECIMAL_LONG) {
            return BigDecimal.valueOf(in.readLong(), scale);
        }
        byte[] unscaled = new byte[readVarInt(in)];
        in.readFully(unscaled);
        return new BigDecimal(new BigInteger(unscaled), scale);
    }

    private static void writeVarInt(DataOutputView out, int v) throws IOException {
        while ((v & ~0x7F) != 0) {
            out.writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    private static int readVarInt(DataInputView in) throws IOException {
        int v = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
    }

    private void checkArity(Row row) {
        if (row.getArity() != types.length) {
            throw new IllegalArgumentException("row of arity " + row.getArity() + " where the schema has " + types.length
                    + " columns: " + row);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordRowSerializer && Arrays.equals(types, ((RecordRowSerializer) o).types);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(types);
    }

    @Override
    public TypeSerializerSnapshot<Row> snapshotConfiguration() {
        return new RecordRowSerializerSnapshot(types);
    }
}
