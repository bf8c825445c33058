package dev.tributary.quality;

import dev.tributary.quality.api.BreakerPolicy;
import dev.tributary.quality.api.RuleAction;
import dev.tributary.quality.builtin.AllowedValuesRule;
import dev.tributary.quality.builtin.ExpressionRule;
import dev.tributary.quality.builtin.FreshnessRule;
import dev.tributary.quality.builtin.NotNullRule;
import dev.tributary.quality.builtin.PatternRule;
import dev.tributary.quality.builtin.RangeRule;
import dev.tributary.quality.builtin.ReferentialRule;
import dev.tributary.quality.builtin.UniqueRule;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.util.TimeUtils;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the {@code quality} section of a pipeline definition, already parsed from YAML into maps,
 * into a {@link RuleSet}. One map per rule:
 *
 * <pre>
 * - name: amount_positive
 *   type: range            # not-null | range | allowed | pattern | unique | freshness | referential | expression
 *   column: amount         # or columns: [a, b]
 *   action: drop           # warn | drop | quarantine | fail
 *   min-exclusive: 0
 * </pre>
 *
 * <p>Every problem is collected and reported at once in a {@link
 * dev.tributary.quality.api.RuleDefinitionException}; each names the dataset, the rule, the field
 * and what was expected. Unknown keys are rejected with the list of keys allowed for that type.
 */
@PublicEvolving
public final class RuleDefinitions {
    public static final String NAME = "name";
    public static final String TYPE = "type";
    public static final String COLUMN = "column";
    public static final String COLUMNS = "columns";
    public static final String ACTION = "action";
    public static final String DESCRIPTION = "description";
    public static final String MIN = "min";
    public static final String MAX = "max";
    public static final String MIN_EXCLUSIVE = "min-exclusive";
    public static final String MAX_EXCLUSIVE = "max-exclusive";
    public static final String VALUES = "values";
    public static final String REGEX = "regex";
    public static final String WINDOW = "window";
    public static final String MAX_BEHIND = "max-behind";
    public static final String MAX_AHEAD = "max-ahead";
    public static final String REFERENCE_DATASET = "reference-dataset";
    public static final String REFERENCE_COLUMN = "reference-column";
    public static final String GRACE = "grace";
    public static final String PARENT_RETENTION = "parent-retention";
    public static final String EXPRESSION = "expression";

    public static final String BREAKER_THRESHOLD = "threshold";
    public static final String BREAKER_MIN_RECORDS = "min-records";
    public static final String BREAKER_WINDOW_RECORDS = "window-records";
    public static final String BREAKER_EVENT_TIME_WINDOW = "event-time-window";

    private static final Set<String> COMMON = Set.of(NAME, TYPE, COLUMN, COLUMNS, ACTION, DESCRIPTION);
    private static final Map<String, Set<String>> TYPE_KEYS = new LinkedHashMap<>();

    static {
        TYPE_KEYS.put(NotNullRule.TYPE, Set.of());
        TYPE_KEYS.put(RangeRule.TYPE, Set.of(MIN, MAX, MIN_EXCLUSIVE, MAX_EXCLUSIVE));
        TYPE_KEYS.put(AllowedValuesRule.TYPE, Set.of(VALUES));
        TYPE_KEYS.put(PatternRule.TYPE, Set.of(REGEX));
        TYPE_KEYS.put(UniqueRule.TYPE, Set.of(WINDOW));
        TYPE_KEYS.put(FreshnessRule.TYPE, Set.of(MAX_BEHIND, MAX_AHEAD));
        TYPE_KEYS.put(ReferentialRule.TYPE, Set.of(REFERENCE_DATASET, REFERENCE_COLUMN, GRACE, PARENT_RETENTION));
        TYPE_KEYS.put(ExpressionRule.TYPE, Set.of(EXPRESSION));
    }

    private RuleDefinitions() {}

    /** The rule types understood, in documentation order. */
    public static Set<String> types() {
        return TYPE_KEYS.keySet();
    }

    /**
     * Parses rule definitions.
     *
     * @throws dev.tributary.quality.api.RuleDefinitionException listing every problem
     */
    public static RuleSet fromMap(RecordSchema schema, List<Map<String, Object>> rules) {
        return fromMap(schema, rules, null);
    }

    /**
     * Parses rule definitions and an optional breaker ({@code threshold}, {@code min-records},
     * {@code window-records}, {@code event-time-window}).
     *
     * @throws dev.tributary.quality.api.RuleDefinitionException listing every problem
     */
    public static RuleSet fromMap(
            RecordSchema schema, List<Map<String, Object>> rules, @Nullable Map<String, Object> breaker) {
        DefinitionErrors errors = new DefinitionErrors(schema.name());
        RuleSetBuilder builder = RuleSet.forDataset(schema);
        for (int i = 0; i < rules.size(); i++) {
            parseRule(builder, rules.get(i), i, errors);
        }
        if (breaker != null) {
            parseBreaker(builder, breaker, errors);
        }
        return builder.build(errors);
    }

    private static void parseRule(RuleSetBuilder builder, Map<String, Object> def, int index, DefinitionErrors errors) {
        Object rawName = def.get(NAME);
        String name = rawName instanceof String && !((String) rawName).isBlank() ? (String) rawName : "#" + (index + 1);
        errors.declare(name);
        if (!(rawName instanceof String) || ((String) rawName).isBlank()) {
            errors.add(name, "key '" + NAME + "'", "a non-empty string naming the rule" + got(rawName));
        }
        Object rawType = def.get(TYPE);
        if (!(rawType instanceof String) || !TYPE_KEYS.containsKey(rawType)) {
            errors.add(name, "key '" + TYPE + "'", "one of " + TYPE_KEYS.keySet() + got(rawType));
            return;
        }
        String type = (String) rawType;
        Set<String> allowed = new TreeSet<>(COMMON);
        allowed.addAll(TYPE_KEYS.get(type));
        if (type.equals(ExpressionRule.TYPE)) {
            allowed.remove(COLUMN); // an expression's columns are the ones it reads
            allowed.remove(COLUMNS);
        }
        for (String key : def.keySet()) {
            if (!allowed.contains(key)) {
                errors.add(name, "key '" + key + "'", "one of the keys allowed for type " + type + " " + allowed);
            }
        }
        List<String> columns = columns(def, name, errors);
        RuleSpec<?> spec = spec(builder, type, name, columns, def, errors);
        Object action = def.get(ACTION);
        if (action == null) {
            return; // the spec reports the missing action with the rule's other problems
        }
        try {
            spec.action(RuleAction.parse(String.valueOf(action)));
        } catch (IllegalArgumentException e) {
            errors.add(name, "key '" + ACTION + "'", "one of warn, drop, quarantine, fail" + got(action));
        }
    }

    private static RuleSpec<?> spec(RuleSetBuilder b, String type, String name, List<String> columns,
            Map<String, Object> def, DefinitionErrors errors) {
        switch (type) {
            case NotNullRule.TYPE:
                return b.add(new NotNullSpec(b, name, columns));
            case RangeRule.TYPE:
                RangeSpec range = b.add(new RangeSpec(b, name, columns));
                range.min = bound(def.get(MIN));
                range.max = bound(def.get(MAX));
                range.minExclusive = bound(def.get(MIN_EXCLUSIVE));
                range.maxExclusive = bound(def.get(MAX_EXCLUSIVE));
                return range;
            case AllowedValuesRule.TYPE:
                AllowedSpec allowed = b.add(new AllowedSpec(b, name, columns));
                Object values = def.get(VALUES);
                if (values instanceof Collection && !((Collection<?>) values).contains(null)) {
                    allowed.values((Collection<?>) values);
                } else if (values != null) {
                    errors.add(name, "key '" + VALUES + "'", "a list of non-null values" + got(values));
                }
                return allowed;
            case PatternRule.TYPE:
                PatternSpec pattern = b.add(new PatternSpec(b, name, columns));
                pattern.regex = string(def, REGEX, name, errors);
                return pattern;
            case UniqueRule.TYPE:
                UniqueSpec unique = b.add(new UniqueSpec(b, name, columns));
                unique.window = duration(def, WINDOW, name, errors);
                return unique;
            case FreshnessRule.TYPE:
                FreshnessSpec fresh = b.add(new FreshnessSpec(b, name, columns));
                fresh.maxBehind = duration(def, MAX_BEHIND, name, errors);
                fresh.maxAhead = duration(def, MAX_AHEAD, name, errors);
                return fresh;
            case ReferentialRule.TYPE:
                ReferentialSpec ref = b.add(new ReferentialSpec(b, name, columns));
                ref.referenceDataset = string(def, REFERENCE_DATASET, name, errors);
                ref.referenceColumn = string(def, REFERENCE_COLUMN, name, errors);
                Duration grace = duration(def, GRACE, name, errors);
                ref.grace = grace == null ? Duration.ZERO : grace;
                ref.parentRetention = duration(def, PARENT_RETENTION, name, errors);
                return ref;
            default:
                return b.add(new ExpressionSpec(b, name, string(def, EXPRESSION, name, errors)));
        }
    }

    private static List<String> columns(Map<String, Object> def, String name, DefinitionErrors errors) {
        Object one = def.get(COLUMN);
        Object many = def.get(COLUMNS);
        if (one != null && many != null) {
            errors.add(name, "keys '" + COLUMN + "' and '" + COLUMNS + "'", "only one of them");
        }
        if (one != null) {
            if (one instanceof String) {
                return List.of((String) one);
            }
            errors.add(name, "key '" + COLUMN + "'", "a column name" + got(one));
        } else if (many != null) {
            if (many instanceof String) {
                return List.of((String) many);
            }
            if (many instanceof Collection && ((Collection<?>) many).stream().allMatch(c -> c instanceof String)) {
                return new ArrayList<>(new LinkedHashSet<>(castStrings((Collection<?>) many)));
            }
            errors.add(name, "key '" + COLUMNS + "'", "a list of column names" + got(many));
        }
        return List.of();
    }

    @SuppressWarnings("unchecked")
    private static Collection<String> castStrings(Collection<?> c) {
        return (Collection<String>) c;
    }

    @Nullable
    private static Object bound(@Nullable Object v) {
        // YAML loaders turn unquoted timestamps into java.util.Date.
        return v instanceof java.util.Date ? ((java.util.Date) v).toInstant() : v;
    }

    @Nullable
    private static String string(Map<String, Object> def, String key, String name, DefinitionErrors errors) {
        Object v = def.get(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        errors.add(name, "key '" + key + "'", "a string" + got(v));
        return null;
    }

    @Nullable
    private static Duration duration(Map<String, Object> def, String key, String name, DefinitionErrors errors) {
        Object v = def.get(key);
        if (v == null || v instanceof Duration) {
            return (Duration) v;
        }
        try {
            if (v instanceof String) {
                return TimeUtils.parseDuration((String) v);
            }
        } catch (IllegalArgumentException e) {
            // fall through to the error below
        }
        errors.add(name, "key '" + key + "'", "a duration such as '30 s', '10 min' or '1 h'" + got(v));
        return null;
    }

    private static void parseBreaker(RuleSetBuilder builder, Map<String, Object> def, DefinitionErrors errors) {
        Set<String> allowed = new TreeSet<>(Set.of(
                BREAKER_THRESHOLD, BREAKER_MIN_RECORDS, BREAKER_WINDOW_RECORDS, BREAKER_EVENT_TIME_WINDOW));
        String name = "(breaker)";
        errors.declare(name);
        for (String key : def.keySet()) {
            if (!allowed.contains(key)) {
                errors.add(name, "key '" + key + "'", "one of the breaker keys " + allowed);
            }
        }
        // Checked here in YAML terms, so the builder's own checks (worded for Java callers) never fire.
        Object threshold = def.get(BREAKER_THRESHOLD);
        if (!(threshold instanceof Number) || !(((Number) threshold).doubleValue() > 0 && ((Number) threshold).doubleValue() <= 1)) {
            errors.add(name, "key '" + BREAKER_THRESHOLD + "'", "a share of bad records in (0, 1]" + got(threshold));
            return;
        }
        long minRecords = wholeNumber(def, BREAKER_MIN_RECORDS, 100, name, errors);
        Duration window = duration(def, BREAKER_EVENT_TIME_WINDOW, name, errors);
        if (window != null && (window.isZero() || window.isNegative())) {
            errors.add(name, "key '" + BREAKER_EVENT_TIME_WINDOW + "'", "a duration above zero" + got(def.get(BREAKER_EVENT_TIME_WINDOW)));
            return;
        }
        // Without a window, the rate is judged over the last min-records records: the smallest sample the
        // breaker is allowed to judge, so `{threshold: 0.2, min-records: 1000}` reads as "trip when more than
        // 20% of the last 1000 records are bad".
        long windowRecords = wholeNumber(def, BREAKER_WINDOW_RECORDS, window == null ? minRecords : 0, name, errors);
        if (minRecords < 1 || windowRecords < 0) {
            return;
        }
        if (windowRecords > Integer.MAX_VALUE) {
            errors.add(name, "key '" + BREAKER_WINDOW_RECORDS + "'", "at most " + Integer.MAX_VALUE + " records" + got(windowRecords));
            return;
        }
        if (windowRecords > 0 && minRecords > windowRecords) {
            errors.add(name, "key '" + BREAKER_MIN_RECORDS + "'", "at most '" + BREAKER_WINDOW_RECORDS + "' (" + windowRecords
                    + "): with more the breaker could never trip" + got(minRecords));
            return;
        }
        BreakerPolicy.Builder b = BreakerPolicy.builder().threshold(((Number) threshold).doubleValue()).minRecords(minRecords)
                .windowRecords((int) windowRecords);
        if (window != null) {
            b.eventTimeWindow(window);
        }
        builder.breaker(b.build());
    }

    /** A whole number >= 1 under {@code key}, {@code fallback} when absent, -1 after reporting a problem. */
    private static long wholeNumber(Map<String, Object> def, String key, long fallback, String name, DefinitionErrors errors) {
        Object v = def.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Long || v instanceof Integer) || ((Number) v).longValue() < 1) {
            errors.add(name, "key '" + key + "'", "a whole number of records, at least 1" + got(v));
            return -1;
        }
        return ((Number) v).longValue();
    }

    private static String got(@Nullable Object value) {
        return value == null ? "; none was set" : ", got '" + value + "'";
    }
}
