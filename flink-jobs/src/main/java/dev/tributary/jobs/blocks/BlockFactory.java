package dev.tributary.jobs.blocks;

import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeSinks;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import javax.annotation.Nullable;

import java.util.Map;
import java.util.Set;

/**
 * A building block a model uses with {@code block: <identifier>}, found on the classpath with
 * {@link java.util.ServiceLoader} (list the class in {@code META-INF/services/dev.tributary.jobs.blocks.BlockFactory}),
 * exactly like a {@code TransformFactory}. The factory declares its input roles and typed options once
 * ({@link ConfigOption}s; their descriptions and defaults are what {@code explain} and the docs show); the
 * composer validates a model against them before anything starts, then calls {@link #translate}.
 *
 * <p>Options whose keys start with one of {@link #prefixOptions()} followed by {@code .} are named entries the
 * factory reads itself (e.g. {@code aggregates.paid.function}); a YAML mapping under such a key is flattened to
 * dotted keys, and a YAML list becomes a {@code ;}-separated value (Flink's list syntax).
 */
@PublicEvolving
public interface BlockFactory {

    /** The identifier in pipeline definitions, e.g. {@code interval-join}. */
    String identifier();

    /** The input roles a model must map to tables, e.g. {@code left}, {@code right}. */
    Set<String> inputRoles();

    Set<ConfigOption<?>> requiredOptions();

    Set<ConfigOption<?>> optionalOptions();

    /** Prefixes of named-entry options (see the class doc); empty by default. */
    default Set<String> prefixOptions() {
        return Set.of();
    }

    /**
     * Builds the block. Problems with the options or inputs are reported by throwing
     * {@link BlockOptionException} (located at an option) or IllegalArgumentException (located at the block).
     * Validation calls this too, on an environment that is never executed.
     */
    BlockResult translate(Context context);

    /** What a block is built from. */
    @PublicEvolving
    interface Context {
        /** {@code silver} or {@code gold}. */
        String layer();

        /** The model's name: the table it lands. */
        String model();

        /** Role to input table (rows, layout, event time, allowed lateness). */
        Map<String, EventTable> inputs();

        /** The source's declaration, if the table of {@code role} is a bronze dataset. */
        @Nullable
        DatasetDef dataset(String role);

        /** The typed options. */
        ReadableConfig options();

        /** The options as written (flattened), for prefix options. */
        Map<String, String> rawOptions();

        StreamExecutionEnvironment env();

        LakeLayout lake();

        LakeSinks sinks();

        String uidPrefix();
    }
}
