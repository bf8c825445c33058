package dev.tributary.jobs.blocks.factories;

import dev.tributary.jobs.blocks.AsOfJoin;
import dev.tributary.jobs.blocks.BlockFactory;
import dev.tributary.jobs.blocks.BlockResult;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code block: as-of-join}: see {@link AsOfJoin}. Roles {@code input}, {@code versions}. */
@Internal
public final class AsOfJoinFactory implements BlockFactory {
    public static final ConfigOption<List<String>> KEYS = ConfigOptions.key("keys").stringType().asList().noDefaultValue()
            .withDescription("Equality keys: 'col' (same name on both sides) or 'input_col = version_col'.");
    public static final ConfigOption<String> VALID_FROM = ConfigOptions.key("valid-from").stringType().noDefaultValue()
            .withDescription("TIMESTAMP column of the versions from which each is valid; default their event-time column.");
    public static final ConfigOption<String> OP = ConfigOptions.key("op").stringType().noDefaultValue()
            .withDescription("Change-operation column of the versions (a CDC table); deletes are tombstones.");
    public static final ConfigOption<List<String>> DELETE_VALUES = ConfigOptions.key("delete-values").stringType().asList()
            .defaultValues("d").withDescription("Values of the op column that mark a delete.");
    public static final ConfigOption<List<String>> TAKE = ConfigOptions.key("take").stringType().asList().noDefaultValue()
            .withDescription("Version columns to add ('col' or 'col AS name'); default all but keys, valid-from, op, '_' ones.");
    public static final ConfigOption<String> PREFIX = ConfigOptions.key("prefix").stringType().noDefaultValue()
            .withDescription("Prefix of the taken columns.");
    public static final ConfigOption<String> VALID_FROM_AS = ConfigOptions.key("valid-from-as").stringType().noDefaultValue()
            .withDescription("Adds the version's valid-from as a column of this name.");
    /** Values when no version is known: {@code defaults.<output column>: value}. */
    public static final String DEFAULTS = "defaults";

    @Override
    public String identifier() {
        return "as-of-join";
    }

    @Override
    public Set<String> inputRoles() {
        return Set.of("input", "versions");
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(KEYS);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(VALID_FROM, OP, DELETE_VALUES, TAKE, PREFIX, VALID_FROM_AS);
    }

    @Override
    public Set<String> prefixOptions() {
        return Set.of(DEFAULTS);
    }

    @Override
    public BlockResult translate(Context c) {
        try {
            List<List<String>> keys = Entries.keys(c.options().get(KEYS));
            AsOfJoin.Builder b = AsOfJoin.builder().keys(keys.get(0), keys.get(1));
            c.options().getOptional(VALID_FROM).ifPresent(b::validFrom);
            c.options().getOptional(OP).ifPresent(op -> b.op(op, new HashSet<>(c.options().get(DELETE_VALUES))));
            c.options().getOptional(TAKE).ifPresent(b::take);
            c.options().getOptional(PREFIX).ifPresent(b::prefix);
            c.options().getOptional(VALID_FROM_AS).ifPresent(b::validFromAs);
            Entries.read(c.rawOptions(), DEFAULTS, Set.of(), true).forEach((col, v) -> b.defaultValue(col, v.get("")));
            return b.build().apply(c.layer(), c.model(), c.inputs().get("input"), c.inputs().get("versions"), c.uidPrefix());
        } catch (IllegalArgumentException e) {
            throw Entries.locate(e, DEFAULTS, Set.of(KEYS, VALID_FROM, OP, DELETE_VALUES, TAKE, PREFIX, VALID_FROM_AS));
        }
    }
}
