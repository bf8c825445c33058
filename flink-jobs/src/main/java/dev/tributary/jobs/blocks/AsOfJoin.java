package dev.tributary.jobs.blocks;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Row;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * The as-of join block: each record of a table enriched with the version of an entity valid at the record's
 * event time, read from a versions table. The versions are rows with a valid-from TIMESTAMP column: a bronze
 * change table (e.g. {@code updated_at}), a CDC table with an op column (values in the delete set are
 * tombstones), or an SCD2 history ({@code valid_from}). Output: every input column, then the taken version
 * columns (renamed or prefixed; the declared default, else null, when no version is known) and optionally the
 * version's valid-from. Superseded versions are pruned by timers; see {@link AsOfJoinFunction}.
 *
 * <pre>{@code
 * AsOfJoin.builder().keys(List.of("device_id"), List.of("device_id"))
 *         .take(List.of("site", "model AS device_model"))
 *         .op("op", Set.of("d"))
 *         .defaultValue("site", "unassigned")
 *         .build()
 *         .apply("silver", "readings_enriched", readings, deviceVersions, "p-");
 * }</pre>
 */
@PublicEvolving
public final class AsOfJoin implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> keys;
    private final List<String> versionKeys;
    @Nullable private final String validFrom;
    @Nullable private final String op;
    private final Set<String> deletes;
    @Nullable private final List<String> take;
    @Nullable private final String prefix;
    @Nullable private final String validFromAs;
    private final Map<String, String> defaults;

    private AsOfJoin(Builder b) {
        this.keys = List.copyOf(b.keys);
        this.versionKeys = List.copyOf(b.versionKeys);
        this.validFrom = b.validFrom;
        this.op = b.op;
        this.deletes = Set.copyOf(b.deletes);
        this.take = b.take;
        this.prefix = b.prefix;
        this.validFromAs = b.validFromAs;
        this.defaults = new LinkedHashMap<>(b.defaults);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The output layout; @throws IllegalArgumentException naming what does not fit the inputs */
    public RecordSchema outputSchema(String name, EventTable input, EventTable versions) {
        return plan(name, input, versions).schema;
    }

    /** Wires the join; the caller lands {@link BlockResult#output()} and its late records. */
    public BlockResult apply(String layer, String model, EventTable input, EventTable versions, String uidPrefix) {
        Plan p = plan(model, input, versions);
        int[] ik = KeyColumns.positions(input.schema(), keys);
        int[] vk = KeyColumns.positions(versions.schema(), versionKeys);
        LateRecords.Renderer inLate = new LateRecords.Renderer(model, input.name(), input.schema());
        LateRecords.Renderer vLate = new LateRecords.Renderer(model, versions.name(), versions.schema());
        SingleOutputStreamOperator<Row> in = Blocks.route(layer, model, input, inLate, ik, uidPrefix);
        SingleOutputStreamOperator<Row> vs = Blocks.route(layer, model, versions, vLate, vk, uidPrefix);
        List<Field> taken = new ArrayList<>();
        for (int i = 0; i < p.take.positions.length; i++) {
            taken.add(versions.schema().field(p.take.positions[i]).withName(p.take.fields.get(i).name()));
        }
        AsOfJoinFunction f = new AsOfJoinFunction(inLate, vLate, input.schema(), AsOfJoinFunction.versionSchema(model, taken),
                input.schema().indexOf(input.timeColumn()),
                versions.schema().indexOf(p.validFrom), op == null ? -1 : versions.schema().indexOf(op), deletes,
                p.take.positions, p.defaults, validFromAs != null, input.latenessMillis(), versions.latenessMillis());
        RowTypeInfo keyType = KeyColumns.type(input.schema(), keys);
        SingleOutputStreamOperator<Row> joined = in.keyBy(new KeyColumns(ik), keyType)
                .connect(vs.keyBy(new KeyColumns(vk), keyType))
                .process(f, p.schema.rowTypeInfo())
                .uid(uidPrefix + layer + "-" + model + "-as-of-join").name(layer + " " + model + ": " + input.name() + " x " + versions.name() + " (as-of)");
        long delay = AsOfJoinFunction.emissionDelay(input.latenessMillis(), versions.latenessMillis());
        DataStream<Row> out = Blocks.restamp(joined, p.schema, input.timeColumn(), delay, uidPrefix + layer + "-" + model + "-as-of-restamp");
        Map<String, DataStream<Row>> late = new LinkedHashMap<>();
        late.put(input.name(), in.getSideOutput(inLate.tag()).union(joined.getSideOutput(inLate.tag())));
        late.put(versions.name(), vs.getSideOutput(vLate.tag()).union(joined.getSideOutput(vLate.tag())));
        return new BlockResult(EventTable.of(model, out, p.schema, input.timeColumn(), Duration.ZERO), late);
    }

    private static final class Plan {
        RecordSchema schema;
        Columns take;
        String validFrom;
        Object[] defaults;
    }

    private Plan plan(String name, EventTable input, EventTable versions) {
        Blocks.requireTime("input", input);
        Blocks.checkKeys(input, keys, versions, versionKeys);
        Plan p = new Plan();
        p.validFrom = validFrom != null ? validFrom : versions.timeColumn();
        if (p.validFrom == null) {
            throw new IllegalArgumentException("valid-from: versions table '" + versions.name() + "' has no event time;"
                    + " expected a valid-from TIMESTAMP column of the versions");
        }
        Field vf = Blocks.column("valid-from", versions, p.validFrom);
        checkArgument(vf.type() == FieldType.TIMESTAMP, "valid-from: column '%s' is %s; expected a TIMESTAMP column",
                p.validFrom, vf.type());
        if (op != null) {
            Blocks.column("op", versions, op);
        }
        List<String> exclude = new ArrayList<>(versionKeys);
        exclude.add(p.validFrom);
        if (op != null) {
            exclude.add(op);
        }
        p.take = Columns.select("take", versions.schema(), take, prefix, true, exclude);
        List<Field> fields = new ArrayList<>(input.schema().fields());
        p.defaults = new Object[p.take.fields.size()];
        for (Map.Entry<String, String> d : defaults.entrySet()) {
            int i = indexOf(p.take.fields, d.getKey());
            checkArgument(i >= 0, "defaults: '%s' is not a taken column; expected one of %s", d.getKey(), names(p.take.fields));
            try {
                p.defaults[i] = FieldTypes.literal(d.getValue(), p.take.fields.get(i));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("defaults: '" + d.getValue() + "' for column '" + d.getKey() + "' of type "
                        + FieldTypes.describe(p.take.fields.get(i)) + ": " + e.getMessage());
            }
        }
        for (int i = 0; i < p.defaults.length; i++) {
            Field f = p.take.fields.get(i);
            boolean required = p.defaults[i] != null && versions.schema().field(versions.schema().fieldNames().get(p.take.positions[i])).isRequired();
            fields.add(required ? (f.type() == FieldType.DECIMAL ? Field.decimal(f.name(), true, f.precision(), f.scale())
                    : Field.required(f.name(), f.type())) : f);
        }
        if (validFromAs != null) {
            fields.add(Field.optional(validFromAs, FieldType.TIMESTAMP));
        }
        p.schema = Blocks.schema(name, fields);
        return p;
    }

    private static int indexOf(List<Field> fields, String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> names(List<Field> fields) {
        List<String> n = new ArrayList<>();
        fields.forEach(f -> n.add(f.name()));
        return n;
    }

    /** Builder of an {@link AsOfJoin}. */
    @PublicEvolving
    public static final class Builder {
        private List<String> keys = List.of();
        private List<String> versionKeys = List.of();
        private String validFrom;
        private String op;
        private Set<String> deletes = Set.of("d");
        private List<String> take;
        private String prefix;
        private String validFromAs;
        private final Map<String, String> defaults = new LinkedHashMap<>();

        private Builder() {}

        /** Equality keys: {@code keys[i]} of the input = {@code versionKeys[i]} of the versions. */
        public Builder keys(List<String> keys, List<String> versionKeys) {
            this.keys = checkNotNull(keys, "keys");
            this.versionKeys = checkNotNull(versionKeys, "versionKeys");
            return this;
        }

        /** The versions' valid-from column; default their event-time column. */
        public Builder validFrom(String column) {
            this.validFrom = checkNotNull(column, "column");
            return this;
        }

        /** A change-operation column; versions whose value is in {@code deletes} are tombstones. */
        public Builder op(String column, Set<String> deletes) {
            this.op = checkNotNull(column, "column");
            this.deletes = Set.copyOf(deletes);
            return this;
        }

        /** Version columns to take ({@code col} or {@code col AS name}); default all but keys, valid-from and op. */
        public Builder take(List<String> columns) {
            this.take = List.copyOf(columns);
            return this;
        }

        public Builder prefix(String prefix) {
            this.prefix = checkNotNull(prefix, "prefix");
            return this;
        }

        /** Adds the version's valid-from as a TIMESTAMP column of this name. */
        public Builder validFromAs(String column) {
            this.validFromAs = checkNotNull(column, "column");
            return this;
        }

        /** The value (text, parsed as the column's type) of output column {@code column} when no version is known. */
        public Builder defaultValue(String column, String value) {
            defaults.put(checkNotNull(column, "column"), checkNotNull(value, "value"));
            return this;
        }

        public AsOfJoin build() {
            checkArgument(!keys.isEmpty() && keys.size() == versionKeys.size(),
                    "keys: expected one or more key columns, as many on each side; found %s and %s", keys, versionKeys);
            return new AsOfJoin(this);
        }
    }
}
