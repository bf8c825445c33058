package dev.tributary.jobs.definition.yaml;

import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.ParsingOptions;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.tributary.jobs.definition.yaml.NodeReader.path;
import static dev.tributary.jobs.definition.yaml.PipelineKeys.EPOCH_UNITS;
import static dev.tributary.jobs.definition.yaml.PipelineKeys.EVENT_TIME_RANGE;
import static dev.tributary.jobs.definition.yaml.PipelineKeys.MAX;
import static dev.tributary.jobs.definition.yaml.PipelineKeys.MIN;
import static dev.tributary.jobs.definition.yaml.PipelineKeys.PARSING_KEYS;
import static dev.tributary.jobs.definition.yaml.PipelineKeys.RANGE_KEYS;
import static dev.tributary.jobs.definition.yaml.PipelineKeys.ROUNDING;
import static dev.tributary.jobs.definition.yaml.PipelineKeys.UNDECLARED_FIELDS;

/**
 * Parses a source's {@code parsing} section into {@link ParsingOptions}:
 *
 * <pre>
 * parsing:
 *   undeclared-fields: drop                 # or keep (JSON in an _extra column, PII scrubbed)
 *   epoch-units: {reading_ts: epoch-seconds}  # per TIMESTAMP column that may hold numbers
 *   rounding: {amount: half-even}           # per DECIMAL column that may hold more decimals than its scale
 *   event-time-range: {min: 2000-01-01, max: 2100-01-01}
 * </pre>
 */
@Internal
final class ParsingParser {
    private static final List<String> ROUNDING_MODES = Stream.of(RoundingMode.values()).filter(m -> m != RoundingMode.UNNECESSARY)
            .map(m -> m.name().toLowerCase(Locale.ROOT).replace('_', '-')).collect(Collectors.toList());
    private static final String INSTANT = "an ISO-8601 date (2000-01-01) or instant (2000-01-01T00:00:00Z)";

    private final NodeReader r;
    private final DefinitionErrors errors;

    ParsingParser(NodeReader reader) {
        this.r = reader;
        this.errors = reader.errors();
    }

    /** The options of a {@code parsing} node (defaults when absent); errors are reported. */
    ParsingOptions parse(@Nullable YamlNode node, String p, RecordSchema schema) {
        if (node == null || node.isNull() || !r.mapWithKeys(node, p, PARSING_KEYS)) {
            return ParsingOptions.defaults();
        }
        ParsingOptions.Builder b = ParsingOptions.builder();
        String undeclared = r.optString(node, UNDECLARED_FIELDS, p, "drop or keep");
        if (undeclared != null) {
            if (undeclared.equals("drop") || undeclared.equals("keep")) {
                b.undeclaredFields(ParsingOptions.UndeclaredFields.valueOf(undeclared.toUpperCase(Locale.ROOT)));
            } else {
                errors.at(node.get(UNDECLARED_FIELDS), path(p, UNDECLARED_FIELDS), "'" + undeclared + "'", "drop or keep");
            }
        }
        columnMap(node.get(EPOCH_UNITS), path(p, EPOCH_UNITS), schema, FieldType.TIMESTAMP, "epoch-millis or epoch-seconds",
                (column, value, at, vp) -> {
                    ParsingOptions.EpochUnit unit = ParsingOptions.EpochUnit.fromIdentifier(value);
                    if (unit == null) {
                        errors.at(at, vp, "'" + value + "'", "epoch-millis or epoch-seconds");
                    } else {
                        b.epochUnit(column, unit);
                    }
                });
        columnMap(node.get(ROUNDING), path(p, ROUNDING), schema, FieldType.DECIMAL, "a rounding mode: one of " + ROUNDING_MODES,
                (column, value, at, vp) -> {
                    if (ROUNDING_MODES.contains(value)) {
                        b.rounding(column, RoundingMode.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_')));
                    } else {
                        errors.at(at, vp, "'" + value + "'", "one of " + ROUNDING_MODES + Suggestions.didYouMean(value, ROUNDING_MODES));
                    }
                });
        YamlNode range = node.get(EVENT_TIME_RANGE);
        String rp = path(p, EVENT_TIME_RANGE);
        if (range != null && r.mapWithKeys(range, rp, RANGE_KEYS)) {
            Instant min = instant(range, MIN, rp, ParsingOptions.DEFAULT_MIN_EVENT_TIME);
            Instant max = instant(range, MAX, rp, ParsingOptions.DEFAULT_MAX_EVENT_TIME);
            if (min != null && max != null) {
                if (min.isBefore(max)) {
                    b.eventTimeRange(min, max);
                } else {
                    errors.at(range, rp, "min " + min + " not before max " + max, "min earlier than max");
                }
            }
        }
        return b.build();
    }

    private interface ColumnValue {
        void accept(String column, String value, YamlNode at, String path);
    }

    private void columnMap(@Nullable YamlNode n, String p, RecordSchema schema, FieldType type, String expected, ColumnValue each) {
        if (n == null || n.isNull()) {
            return;
        }
        if (!n.isMap()) {
            errors.at(n, p, n.describe(), "a mapping of " + type + " column to " + expected);
            return;
        }
        for (Map.Entry<String, YamlNode> e : n.entries().entrySet()) {
            String column = e.getKey();
            String cp = path(p, column);
            if (!schema.contains(column) || schema.field(column).type() != type) {
                List<String> fitting = schema.fields().stream().filter(f -> f.type() == type).map(f -> f.name())
                        .collect(Collectors.toList());
                errors.atKey(n, column, cp, "column '" + column + "'" + (schema.contains(column) ? " of type "
                        + schema.field(column).type() : ", which is not in the schema"),
                        "a " + type + " column of " + fitting + Suggestions.didYouMean(column, fitting));
                continue;
            }
            String value = r.string(e.getValue(), cp, expected);
            if (value != null) {
                each.accept(column, value, e.getValue(), cp);
            }
        }
    }

    @Nullable
    private Instant instant(YamlNode map, String key, String p, Instant fallback) {
        String text = r.optString(map, key, p, INSTANT);
        if (text == null) {
            return map.get(key) == null ? fallback : null;
        }
        try {
            return text.contains("T") ? Instant.parse(text) : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            errors.at(map.get(key), path(p, key), "'" + text + "'", INSTANT);
            return null;
        }
    }
}
