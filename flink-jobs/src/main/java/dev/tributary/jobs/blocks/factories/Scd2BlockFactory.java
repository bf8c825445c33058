package dev.tributary.jobs.blocks.factories;

import dev.tributary.jobs.blocks.BlockFactory;
import dev.tributary.jobs.blocks.BlockResult;
import dev.tributary.jobs.blocks.EventTable;
import dev.tributary.jobs.cdc.CdcSchemas;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.silver.scd2.Scd2Job;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.util.Map;
import java.util.Set;

/**
 * {@code block: scd2}: the SCD2 history of a postgres-cdc source ({@link Scd2Job}); it lands
 * {@code silver/<model>} and {@code silver/<model>_open} itself. Role {@code changes}.
 */
@Internal
public final class Scd2BlockFactory implements BlockFactory {

    /** Skip updates that change no declared column (a no-op UPDATE): no identical version is opened. */
    public static final ConfigOption<Boolean> SKIP_UNCHANGED = ConfigOptions.key("skip-unchanged").booleanType()
            .defaultValue(false)
            .withDescription("Open no version for an update that changes no declared column (e.g. a no-op UPDATE).");

    @Override
    public String identifier() {
        return "scd2";
    }

    @Override
    public Set<String> inputRoles() {
        return Set.of("changes");
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(SKIP_UNCHANGED);
    }

    @Override
    public BlockResult translate(Context c) {
        DatasetDef ds = c.dataset("changes");
        if (ds == null || !ds.schema().contains(CdcSchemas.LSN)) {
            throw new IllegalArgumentException("input 'changes' is '" + c.inputs().get("changes").name()
                    + "'; expected a postgres-cdc source (its change rows)");
        }
        Scd2Job job = new Scd2Job(ds, c.model(), c.lake(), c.sinks(), c.uidPrefix())
                .skipUnchanged(c.options().get(SKIP_UNCHANGED));
        DataStream<Row> history = job.build(c.inputs().get("changes").rows());
        RecordSchema schema = job.historySchema();
        String time = schema.contains("valid_from") && schema.field("valid_from").type() == FieldType.TIMESTAMP ? "valid_from" : null;
        return new BlockResult(EventTable.of(c.model(), history, schema, time, ds.allowedLateness()), Map.of(), true);
    }
}
