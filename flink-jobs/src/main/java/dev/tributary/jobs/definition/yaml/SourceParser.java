package dev.tributary.jobs.definition.yaml;

import dev.tributary.jobs.cdc.CdcSchemas;
import dev.tributary.jobs.cdc.PostgresCdcSourceConfig;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.definition.InFlightLayout;
import dev.tributary.jobs.definition.QualityDef;
import dev.tributary.jobs.definition.SourceFactories;
import dev.tributary.jobs.definition.SourceDef;
import dev.tributary.jobs.definition.SourceKind;
import dev.tributary.jobs.definition.SyncGroupDef;
import dev.tributary.quality.api.RuleDefinitionException;
import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.PiiAction;
import dev.tributary.transforms.api.PiiPolicy;
import dev.tributary.transforms.api.RecordSchema;
import dev.tributary.transforms.api.SourceFactory;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.tributary.jobs.definition.yaml.NodeReader.path;
import static dev.tributary.jobs.definition.yaml.PipelineKeys.*;

/** Parses one entry of {@code sources}: kind and options, schema, event time, bronze policies, quality rules. */
@Internal
final class SourceParser {
    private static final Pattern TYPE = Pattern.compile(
            "(?i)\\s*([A-Z]+)\\s*(?:\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\))?\\s*(NOT\\s+NULL)?\\s*");
    static final String TYPE_EXPECTED = "a column type: STRING, BOOLEAN, INT, LONG, DOUBLE, DECIMAL(p, s), TIMESTAMP"
            + " or DATE, optionally followed by NOT NULL";

    private final NodeReader r;
    private final DefinitionErrors errors;

    SourceParser(NodeReader reader) {
        this.r = reader;
        this.errors = reader.errors();
    }

    /** The source, or null when it has errors (reported). */
    @Nullable
    SourceDef parse(String name, YamlNode node, @Nullable SyncGroupDef syncGroup) {
        String p = path(SOURCES, name);
        int before = errors.size();
        if (!r.mapWithKeys(node, p, SOURCE_KEYS)) {
            return null;
        }
        SourceFactory factory = null;
        SourceKind kind = kind(node, p);
        if (kind == SourceKind.FACTORY) {
            factory = SourceFactories.all().get(r.requiredString(node, KIND, p, "").toLowerCase(Locale.ROOT));
        }
        Map<String, String> options = r.options(node.get(OPTIONS), path(p, OPTIONS));
        if (kind != null) {
            YamlNode optionsNode = node.get(OPTIONS) == null ? node : node.get(OPTIONS);
            checkOptions(kind, factory, optionsNode, options, path(p, OPTIONS));
            if (factory != null) {
                for (SourceFactory.Problem problem : factory.validate(name, options)) {
                    YamlNode at = optionsNode.get(problem.at()) != null ? optionsNode.get(problem.at()) : node.get(KIND);
                    errors.at(at, path(p, optionsNode.get(problem.at()) != null ? OPTIONS + "." + problem.at() : KIND),
                            problem.found(), problem.expected());
                }
            }
        }
        RecordSchema schema = schema(name, node, p);
        if (schema == null) {
            return null;
        }
        if (kind == SourceKind.POSTGRES_CDC) {
            schema = CdcSchemas.declared(schema);
            cdcConnection(node.get(OPTIONS) == null ? node : node.get(OPTIONS), options, path(p, OPTIONS));
        }
        DatasetDef.Builder b = DatasetDef.builder(schema);
        if (syncGroup != null) {
            b.syncGroup(syncGroup.name(), syncGroup.maxDrift());
        }
        eventTime(node, p, schema, b);
        if (kind == SourceKind.POSTGRES_CDC && node.get(PARSING) != null) {
            errors.atKey(node, PARSING, path(p, PARSING), "a '" + PARSING + "' section on a postgres-cdc source",
                    "no '" + PARSING + "' section (change events are typed by the database, not parsed from JSON)");
        } else {
            b.parsing(new ParsingParser(r).parse(node.get(PARSING), path(p, PARSING), schema));
        }
        YamlNode bronze = node.get(BRONZE);
        QualityDef quality = QualityDef.none();
        if (bronze == null) {
            errors.at(node, path(p, BRONZE), "no '" + BRONZE + "' section",
                    "a '" + BRONZE + "' mapping with at least '" + DEDUPE + "' (the de-duplication key)");
        } else if (r.mapWithKeys(bronze, path(p, BRONZE), BRONZE_KEYS)) {
            dedupe(bronze, path(p, BRONZE), schema, b, kind == SourceKind.POSTGRES_CDC);
            pii(bronze, path(p, BRONZE), schema, b);
            quality = quality(bronze, path(p, BRONZE), schema);
        }
        if (errors.size() > before || kind == null) {
            return null;
        }
        try {
            return factory != null ? new SourceDef(factory.identifier(), options, b.build(), quality)
                    : new SourceDef(kind, options, b.build(), quality);
        } catch (IllegalArgumentException | NullPointerException e) {
            errors.at(node, p, String.valueOf(e.getMessage()), "a consistent dataset declaration");
            return null;
        }
    }

    /** The built-in kind, {@link SourceKind#FACTORY} for a source factory's identifier, or null (reported). */
    @Nullable
    private SourceKind kind(YamlNode node, String p) {
        List<String> known = new ArrayList<>(SourceKind.identifiers());
        Map<String, SourceFactory> factories = SourceFactories.all();
        known.addAll(factories.keySet());
        String expected = "one of " + known;
        String k = r.requiredString(node, KIND, p, expected);
        if (k == null) {
            return null;
        }
        SourceKind kind = SourceKind.fromIdentifier(k);
        if (kind == null && factories.containsKey(k.toLowerCase(Locale.ROOT))) {
            return SourceKind.FACTORY;
        }
        if (kind == null) {
            errors.at(node.get(KIND), path(p, KIND), "'" + k + "'", expected + Suggestions.didYouMean(k, known)
                    + (k.equalsIgnoreCase("generator") ? " (the demo's generator needs the tributary-demo-datagen jar on the classpath)" : ""));
        }
        return kind;
    }

    private void checkOptions(SourceKind kind, @Nullable SourceFactory factory, YamlNode optionsNode, Map<String, String> options,
            String p) {
        Set<String> required = factory != null ? factory.requiredOptions() : kind.requiredOptions();
        String kindName = factory != null ? factory.identifier() : kind.identifier();
        Set<String> allowed = new TreeSet<>(required);
        allowed.addAll(factory != null ? factory.optionalOptions() : kind.optionalOptions());
        for (String key : options.keySet()) {
            boolean passThrough = kind.passThroughPrefix() != null && key.startsWith(kind.passThroughPrefix());
            if (!allowed.contains(key) && !passThrough) {
                errors.atKey(optionsNode, key, path(p, key), "unknown option '" + key + "' for a " + kindName + " source",
                        "one of " + allowed + (kind.passThroughPrefix() != null ? " or '" + kind.passThroughPrefix() + "*'" : "")
                                + Suggestions.didYouMean(key, allowed));
            }
        }
        for (String key : new TreeSet<>(required)) {
            if (!options.containsKey(key) && (optionsNode.get(key) == null)) {
                errors.at(optionsNode, path(p, key), "no option '" + key + "'",
                        "option '" + key + "' (a " + kindName + " source requires " + new TreeSet<>(required) + ")");
            }
        }
        if (factory != null) {
            return;
        }
        checkNumber(optionsNode, options, "port", p, 1, 65535);
        String bounded = options.get("bounded");
        if (bounded != null && !bounded.equals("true") && !bounded.equals("false")) {
            errors.at(optionsNode.get("bounded"), path(p, "bounded"), "'" + bounded + "'", "true or false");
        }
    }

    /** Checks a CDC connection as the CDC source will read it (user and password may come from the environment). */
    private void cdcConnection(YamlNode at, Map<String, String> options, String p) {
        org.apache.flink.configuration.Configuration conf = new org.apache.flink.configuration.Configuration();
        options.forEach((k, v) -> conf.setString("source.postgres." + k, v));
        try {
            PostgresCdcSourceConfig c = PostgresCdcSourceConfig.fromConfiguration(conf, r.env());
            if (c.tables().size() != 1) {
                errors.at(at, path(p, "tables"), c.tables().size() + " tables " + c.tables(),
                        "exactly one schema-qualified table (one source, slot and publication per table)");
            }
        } catch (IllegalArgumentException e) {
            if (!options.keySet().containsAll(SourceKind.POSTGRES_CDC.requiredOptions())) {
                return; // the missing required options are reported already
            }
            errors.at(at, p, String.valueOf(e.getMessage()), "a complete PostgreSQL CDC connection");
        }
    }

    private void checkNumber(YamlNode optionsNode, Map<String, String> options, String key, String p, long min, long max) {
        String v = options.get(key);
        if (v == null) {
            return;
        }
        try {
            long n = Long.parseLong(v.replace("_", ""));
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            errors.at(optionsNode.get(key), path(p, key), "'" + v + "'",
                    "a whole number" + (min > Long.MIN_VALUE ? " >= " + min : "") + (max < Long.MAX_VALUE ? " and <= " + max : ""));
        }
    }

    @Nullable
    private RecordSchema schema(String name, YamlNode node, String p) {
        String expected = "a mapping of column name to type, e.g. 'reading_id: STRING NOT NULL'";
        YamlNode s = r.required(node, SCHEMA, p, expected);
        if (s == null) {
            return null;
        }
        String sp = path(p, SCHEMA);
        if (!s.isMap() || s.entries().isEmpty()) {
            errors.at(s, sp, s.describe(), expected);
            return null;
        }
        List<Field> fields = new ArrayList<>();
        boolean ok = true;
        for (Map.Entry<String, YamlNode> e : s.entries().entrySet()) {
            Field f = field(e.getKey(), e.getValue(), path(sp, e.getKey()));
            if (f == null) {
                ok = false;
            } else {
                fields.add(f);
            }
        }
        return ok ? new RecordSchema(name, fields) : null;
    }

    @Nullable
    private Field field(String column, YamlNode n, String p) {
        String text = r.string(n, p, TYPE_EXPECTED);
        if (text == null) {
            return null;
        }
        Matcher m = TYPE.matcher(text);
        FieldType type = null;
        if (m.matches()) {
            try {
                type = FieldType.parse(m.group(1));
            } catch (IllegalArgumentException e) {
                type = null;
            }
        }
        if (type == null) {
            String word = m.matches() ? m.group(1) : text;
            errors.at(n, p, "'" + text + "'", TYPE_EXPECTED + Suggestions.didYouMean(word,
                    Arrays.stream(FieldType.values()).map(Enum::name).collect(java.util.stream.Collectors.toList())));
            return null;
        }
        boolean required = m.group(4) != null;
        if (type == FieldType.DECIMAL) {
            int precision = m.group(2) == null ? Field.DEFAULT_PRECISION : Integer.parseInt(m.group(2));
            int scale = m.group(3) == null ? Field.DEFAULT_SCALE : Integer.parseInt(m.group(3));
            if (precision < 1 || precision > 38 || scale > precision) {
                errors.at(n, p, "'" + text + "'", "DECIMAL(p, s) with 1 <= p <= 38 and 0 <= s <= p");
                return null;
            }
            return Field.decimal(column, required, precision, scale);
        }
        if (m.group(2) != null) {
            errors.at(n, p, "'" + text + "'", "no (precision, scale) for " + type + "; only DECIMAL takes them");
            return null;
        }
        return required ? Field.required(column, type) : Field.optional(column, type);
    }

    private void eventTime(YamlNode node, String p, RecordSchema schema, DatasetDef.Builder b) {
        YamlNode et = r.required(node, EVENT_TIME, p, "an '" + EVENT_TIME + "' mapping with at least '" + COLUMN + "'");
        String ep = path(p, EVENT_TIME);
        if (et == null || !r.mapWithKeys(et, ep, EVENT_TIME_KEYS)) {
            return;
        }
        String column = r.requiredString(et, COLUMN, ep, "the name of a TIMESTAMP NOT NULL column");
        Duration ooo = r.duration(et, OUT_OF_ORDERNESS, ep, Duration.ofSeconds(5));
        b.allowedLateness(r.duration(et, ALLOWED_LATENESS, ep, Duration.ofMinutes(5)));
        b.idleTimeout(r.duration(et, IDLE_TIMEOUT, ep, Duration.ofSeconds(30)));
        if (column == null) {
            return;
        }
        if (column(et.get(COLUMN), path(ep, COLUMN), schema, column, "TIMESTAMP NOT NULL column")) {
            Field f = schema.field(column);
            if (f.type() != FieldType.TIMESTAMP || !f.isRequired()) {
                errors.at(et.get(COLUMN), path(ep, COLUMN), "column '" + column + "' of type " + f.type()
                        + (f.isRequired() ? " NOT NULL" : " (nullable)"), "a TIMESTAMP NOT NULL column");
            }
        }
        b.eventTime(column, ooo);
    }

    /** True when {@code column} is declared; otherwise reports it with the declared columns. */
    private boolean column(YamlNode at, String p, RecordSchema schema, String column, String what) {
        if (schema.contains(column)) {
            return true;
        }
        errors.at(at, p, "column '" + column + "', which is not in the schema",
                "a " + what + " of " + schema.fieldNames() + Suggestions.didYouMean(column, schema.fieldNames()));
        return false;
    }

    private void dedupe(YamlNode bronze, String p, RecordSchema schema, DatasetDef.Builder b, boolean changeStream) {
        YamlNode d = r.required(bronze, DEDUPE, p, "a '" + DEDUPE + "' mapping with '" + KEY + "' (columns) and '" + RETENTION + "'");
        String dp = path(p, DEDUPE);
        if (d == null || !r.mapWithKeys(d, dp, DEDUPE_KEYS)) {
            return;
        }
        List<String> key = r.stringList(r.required(d, KEY, dp, "a list of key columns"), path(dp, KEY), "a list of key columns");
        Duration retention = r.duration(d, RETENTION, dp, Duration.ofHours(1));
        if (key == null) {
            return;
        }
        YamlNode keyNode = d.get(KEY);
        for (int i = 0; i < key.size(); i++) {
            YamlNode at = keyNode.isList() ? keyNode.items().get(i) : keyNode;
            column(at, path(dp, KEY) + (keyNode.isList() ? "[" + i + "]" : ""), schema, key.get(i), "column");
        }
        if (changeStream && !key.containsAll(List.of(CdcSchemas.LSN, CdcSchemas.OP))) {
            // Without them every later change of a row is a "duplicate" of its first, and the transaction a
            // restore may read again (CommitBoundaryOffsets) would land twice.
            errors.at(keyNode, path(dp, KEY), String.valueOf(key), "the row's key columns plus " + CdcSchemas.LSN + " and "
                    + CdcSchemas.OP + " (a change is one row at one log position), e.g. " + withChangeColumns(key));
        }
        b.dedupe(key, retention);
    }

    private static List<String> withChangeColumns(List<String> key) {
        List<String> full = new ArrayList<>(key);
        for (String c : List.of(CdcSchemas.LSN, CdcSchemas.OP)) {
            if (!full.contains(c)) {
                full.add(c);
            }
        }
        return full;
    }

    private void pii(YamlNode bronze, String p, RecordSchema schema, DatasetDef.Builder b) {
        YamlNode n = bronze.get(PII);
        String pp = path(p, PII);
        String expected = "a mapping of column to hash | mask | redact | allow (or {action: mask, keep-suffix: N})";
        if (n == null || n.isNull()) {
            return;
        }
        if (!n.isMap()) {
            errors.at(n, pp, n.describe(), expected);
            return;
        }
        PiiPolicy.Builder policy = PiiPolicy.builder();
        for (Map.Entry<String, YamlNode> e : n.entries().entrySet()) {
            String col = e.getKey();
            String cp = path(pp, col);
            if (!schema.contains(col)) {
                errors.atKey(n, col, cp, "column '" + col + "', which is not in the schema",
                        "a column of " + schema.fieldNames() + Suggestions.didYouMean(col, schema.fieldNames()));
                continue;
            }
            YamlNode v = e.getValue();
            String action;
            int keep = 4;
            if (v.isMap()) {
                if (!r.mapWithKeys(v, cp, PII_RULE_KEYS)) {
                    continue;
                }
                action = r.requiredString(v, ACTION, cp, "hash, mask, redact or allow");
                keep = r.integer(v, KEEP_SUFFIX, cp, 4, 0, 64);
            } else {
                action = r.string(v, cp, expected);
            }
            if (action == null) {
                continue;
            }
            PiiAction a;
            try {
                a = PiiAction.parse(action);
            } catch (IllegalArgumentException ex) {
                errors.at(v.isMap() ? v.get(ACTION) : v, cp, "'" + action + "'", "hash, mask, redact or allow"
                        + Suggestions.didYouMean(action, List.of("hash", "mask", "redact", "allow")));
                continue;
            }
            if (schema.field(col).type() != FieldType.STRING && a != PiiAction.ALLOW) {
                errors.at(v, cp, "column '" + col + "' of type " + schema.field(col).type(), "a STRING column (PII is applied to text)");
                continue;
            }
            policy.put(col, new PiiPolicy.ColumnRule(a, a == PiiAction.MASK ? keep : 0));
        }
        try {
            PiiPolicy built = policy.build();
            built.validateAgainst(schema);
            b.pii(built);
        } catch (IllegalArgumentException ex) {
            errors.at(n, pp, String.valueOf(ex.getMessage()), expected);
        }
    }

    private QualityDef quality(YamlNode bronze, String p, RecordSchema declared) {
        YamlNode q = bronze.get(QUALITY);
        String qp = path(p, QUALITY);
        if (q == null || q.isNull() || !r.mapWithKeys(q, qp, QUALITY_KEYS)) {
            return QualityDef.none();
        }
        YamlNode rules = q.get(RULES);
        List<Map<String, Object>> plain = new ArrayList<>();
        if (rules != null) {
            if (!rules.isList()) {
                errors.at(rules, path(qp, RULES), rules.describe(), "a list of rules (each a mapping with name, type, action, ...)");
                return QualityDef.none();
            }
            for (int i = 0; i < rules.items().size(); i++) {
                YamlNode rule = rules.items().get(i);
                if (!rule.isMap()) {
                    errors.at(rule, path(qp, RULES) + "[" + i + "]", rule.describe(), "a mapping with name, type, action, ...");
                    return QualityDef.none();
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) rule.toPlain();
                plain.add(m);
            }
        }
        YamlNode breaker = q.get(BREAKER);
        @SuppressWarnings("unchecked")
        Map<String, Object> breakerMap = breaker == null ? null : breaker.isMap() ? (Map<String, Object>) breaker.toPlain() : null;
        if (breaker != null && breakerMap == null) {
            errors.at(breaker, path(qp, BREAKER), breaker.describe(), "a mapping with threshold, min-records, ...");
            return QualityDef.none();
        }
        QualityDef def = new QualityDef(plain, breakerMap);
        try {
            // Rules run in bronze on in-flight rows: declared columns, ingestion metadata, raw payload.
            def.toRuleSet(InFlightLayout.inFlight(declared));
        } catch (RuleDefinitionException e) {
            for (String msg : e.errors()) {
                YamlNode at = locateRule(rules, breaker, q, msg);
                errors.at(at, qp + ruleSuffix(rules, at), ruleFound(msg), ruleExpected(msg));
            }
            return QualityDef.none();
        } catch (IllegalArgumentException e) {
            errors.at(q, qp, String.valueOf(e.getMessage()), "valid quality rules");
        }
        return def;
    }

    /** The rule node named in a rule error ({@code ..., rule 'x', ...}), else the breaker or the section. */
    private static YamlNode locateRule(@Nullable YamlNode rules, @Nullable YamlNode breaker, YamlNode q, String msg) {
        Matcher m = Pattern.compile("rule '([^']*)'").matcher(msg);
        if (m.find() && rules != null) {
            String name = m.group(1);
            for (int i = 0; i < rules.items().size(); i++) {
                YamlNode rule = rules.items().get(i);
                Object n = rule.get("name") == null ? null : rule.get("name").value();
                if (name.equals(n) || name.equals("#" + (i + 1))) {
                    return keyNode(rule, msg);
                }
            }
        }
        if (breaker != null && msg.toLowerCase(Locale.ROOT).contains("breaker")) {
            return breaker;
        }
        return q;
    }

    /** Narrows to the key a rule error names ({@code key 'regex'}, {@code column 'x'}), when present. */
    private static YamlNode keyNode(YamlNode rule, String msg) {
        Matcher k = Pattern.compile("key '([^']*)'").matcher(msg);
        if (k.find() && rule.get(k.group(1)) != null) {
            return rule.get(k.group(1));
        }
        for (String key : List.of("column", "columns", "action", "type")) {
            if (msg.contains(", " + key + " ") || msg.contains(", key '" + key + "'")) {
                if (rule.get(key) != null) {
                    return rule.get(key);
                }
            }
        }
        return rule;
    }

    private static String ruleSuffix(@Nullable YamlNode rules, YamlNode at) {
        if (rules == null) {
            return "";
        }
        for (int i = 0; i < rules.items().size(); i++) {
            YamlNode rule = rules.items().get(i);
            if (rule == at) {
                return "." + RULES + "[" + i + "]";
            }
            for (Map.Entry<String, YamlNode> e : rule.entries().entrySet()) {
                if (e.getValue() == at) {
                    return "." + RULES + "[" + i + "]." + e.getKey();
                }
            }
        }
        return "";
    }

    private static String ruleFound(String msg) {
        int e = msg.indexOf(": expected ");
        return e > 0 ? "a bad rule (" + msg.substring(0, e) + ")" : msg;
    }

    private static String ruleExpected(String msg) {
        int e = msg.indexOf(": expected ");
        return e > 0 ? msg.substring(e + ": expected ".length()) : "a valid rule";
    }
}
