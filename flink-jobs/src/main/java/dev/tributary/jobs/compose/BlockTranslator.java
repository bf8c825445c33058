package dev.tributary.jobs.compose;

import dev.tributary.jobs.blocks.BlockFactory;
import dev.tributary.jobs.blocks.BlockResult;
import dev.tributary.jobs.blocks.EventTable;
import dev.tributary.jobs.blocks.OptionText;
import dev.tributary.jobs.definition.BlockDef;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.definition.ModelDef;
import dev.tributary.jobs.definition.yaml.Suggestions;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeSinks;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A model with {@code block: <identifier>}: the {@link BlockFactory} of that identifier (found on the classpath,
 * see {@link TransformRegistry}) checks the model's input roles and options against what it declares, then
 * builds the block over the input tables.
 */
@Internal
final class BlockTranslator {

    private BlockTranslator() {}

    /** Problems with the block's identifier, roles and option keys (each {key, found, expected}), empty when fine. */
    static List<String[]> check(ModelDef m, @Nullable BlockFactory f, Set<String> known) {
        BlockDef b = m.block();
        List<String[]> problems = new ArrayList<>();
        if (f == null) {
            problems.add(new String[] {"block", "unknown block '" + b.identifier() + "'", "one of the blocks on the classpath "
                    + new TreeSet<>(known) + Suggestions.didYouMean(b.identifier(), known) + " (a jar listing its factory in"
                    + " META-INF/services/" + BlockFactory.class.getName() + ")"});
            return problems;
        }
        if (!b.inputs().keySet().equals(f.inputRoles())) {
            problems.add(new String[] {"inputs", "input roles " + new TreeSet<>(b.inputs().keySet()),
                    "exactly the roles " + new TreeSet<>(f.inputRoles()) + " of block '" + b.identifier() + "'"});
        }
        Set<String> keys = new TreeSet<>();
        f.requiredOptions().forEach(o -> keys.add(o.key()));
        f.optionalOptions().forEach(o -> keys.add(o.key()));
        for (String k : b.options().keySet()) {
            if (!keys.contains(k) && f.prefixOptions().stream().noneMatch(p -> k.startsWith(p + "."))) {
                Set<String> all = new TreeSet<>(keys);
                f.prefixOptions().forEach(p -> all.add(p + ".*"));
                problems.add(new String[] {"options." + k, "option '" + k + "', which block '" + b.identifier() + "' does not use",
                        "one of " + all + Suggestions.didYouMean(k, all)});
            }
        }
        for (ConfigOption<?> o : f.requiredOptions()) {
            if (!b.options().containsKey(o.key())) {
                problems.add(new String[] {"options", "no option '" + o.key() + "'", "option '" + o.key() + "' ("
                        + OptionText.of(o) + ")"});
            }
        }
        return problems;
    }

    /** Builds a block that {@link #check} accepted. */
    static BlockResult translate(BlockFactory f, StreamExecutionEnvironment env, ModelDef m, Map<String, EventTable> tables,
            Map<String, DatasetDef> datasets, LakeLayout lake, LakeSinks sinks, String uidPrefix) {
        Map<String, EventTable> inputs = new LinkedHashMap<>();
        m.block().inputs().forEach((role, table) -> inputs.put(role, tables.get(table)));
        Configuration options = Configuration.fromMap(m.block().options());
        return f.translate(new BlockFactory.Context() {
            @Override
            public String layer() {
                return m.layer().key();
            }

            @Override
            public String model() {
                return m.name();
            }

            @Override
            public Map<String, EventTable> inputs() {
                return inputs;
            }

            @Override
            public DatasetDef dataset(String role) {
                return datasets.get(m.block().inputs().get(role));
            }

            @Override
            public ReadableConfig options() {
                return options;
            }

            @Override
            public Map<String, String> rawOptions() {
                return m.block().options();
            }

            @Override
            public StreamExecutionEnvironment env() {
                return env;
            }

            @Override
            public LakeLayout lake() {
                return lake;
            }

            @Override
            public LakeSinks sinks() {
                return sinks;
            }

            @Override
            public String uidPrefix() {
                return uidPrefix;
            }
        });
    }
}
