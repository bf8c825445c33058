package dev.tributary.jobs.definition.yaml;

import org.apache.flink.annotation.PublicEvolving;

import java.util.Set;

/**
 * Every key of the pipeline definition format, as constants; each section's allowed keys. Hierarchical
 * names are dash-separated ({@code event-time.out-of-orderness}).
 */
@PublicEvolving
public final class PipelineKeys {
    public static final String PIPELINE = "pipeline";
    public static final String NAME = "name";
    public static final String DESCRIPTION = "description";
    public static final String RUNTIME = "runtime";
    public static final String LAKE = "lake";
    public static final String SYNC_GROUPS = "sync-groups";
    public static final String SOURCES = "sources";
    public static final String SILVER = "silver";
    public static final String GOLD = "gold";

    public static final String MODE = "mode";
    public static final String CHECKPOINT_INTERVAL = "checkpoint-interval";
    public static final String PARALLELISM = "parallelism";
    public static final String STATE = "state";

    public static final String ROOT = "root";
    public static final String COMPACTION = "compaction";
    public static final String EVERY_CHECKPOINTS = "every-checkpoints";
    public static final String SMALLER_THAN = "smaller-than";
    public static final String FORMAT = "format";
    public static final String CATALOG = "catalog";
    public static final String NAMESPACE = "namespace";
    public static final String CATALOG_TYPE = "type";
    public static final String WAREHOUSE = "warehouse";
    public static final String URI = "uri";
    public static final String PROPERTIES = "properties";
    public static final String HADOOP = "hadoop";

    public static final String MAX_DRIFT = "max-drift";
    public static final String UPDATE_INTERVAL = "update-interval";
    public static final String MEMBERS = "members";

    public static final String KIND = "kind";
    public static final String OPTIONS = "options";
    public static final String SCHEMA = "schema";
    public static final String EVENT_TIME = "event-time";
    public static final String COLUMN = "column";
    public static final String OUT_OF_ORDERNESS = "out-of-orderness";
    public static final String ALLOWED_LATENESS = "allowed-lateness";
    public static final String IDLE_TIMEOUT = "idle-timeout";
    public static final String BRONZE = "bronze";
    public static final String DEDUPE = "dedupe";
    public static final String KEY = "key";
    public static final String RETENTION = "retention";
    public static final String PII = "pii";
    public static final String ACTION = "action";
    public static final String KEEP_SUFFIX = "keep-suffix";
    public static final String QUALITY = "quality";
    public static final String RULES = "rules";
    public static final String BREAKER = "breaker";
    public static final String PARSING = "parsing";
    public static final String UNDECLARED_FIELDS = "undeclared-fields";
    public static final String EPOCH_UNITS = "epoch-units";
    public static final String ROUNDING = "rounding";
    public static final String EVENT_TIME_RANGE = "event-time-range";
    public static final String MIN = "min";
    public static final String MAX = "max";

    public static final String SQL = "sql";
    public static final String TRANSFORM = "transform";
    public static final String IDENTIFIER = "identifier";
    public static final String INPUT = "input";
    public static final String PARTITION_BY = "partition-by";
    public static final String BLOCK = "block";
    public static final String INPUTS = "inputs";

    static final Set<String> TOP = Set.of(PIPELINE, RUNTIME, LAKE, SYNC_GROUPS, SOURCES, SILVER, GOLD);
    static final Set<String> PIPELINE_KEYS = Set.of(NAME, DESCRIPTION);
    static final Set<String> RUNTIME_KEYS = Set.of(MODE, CHECKPOINT_INTERVAL, PARALLELISM, STATE);
    static final Set<String> LAKE_KEYS = Set.of(ROOT, COMPACTION, FORMAT, CATALOG, NAMESPACE);
    static final Set<String> CATALOG_KEYS = Set.of(CATALOG_TYPE, WAREHOUSE, URI, PROPERTIES, HADOOP);
    static final Set<String> COMPACTION_KEYS = Set.of(EVERY_CHECKPOINTS, SMALLER_THAN);
    static final Set<String> SYNC_GROUP_KEYS = Set.of(MEMBERS, MAX_DRIFT, UPDATE_INTERVAL);
    static final Set<String> SOURCE_KEYS = Set.of(KIND, OPTIONS, SCHEMA, EVENT_TIME, PARSING, BRONZE, DESCRIPTION);
    static final Set<String> PARSING_KEYS = Set.of(UNDECLARED_FIELDS, EPOCH_UNITS, ROUNDING, EVENT_TIME_RANGE);
    static final Set<String> RANGE_KEYS = Set.of(MIN, MAX);
    static final Set<String> EVENT_TIME_KEYS = Set.of(COLUMN, OUT_OF_ORDERNESS, ALLOWED_LATENESS, IDLE_TIMEOUT);
    static final Set<String> BRONZE_KEYS = Set.of(DEDUPE, PII, QUALITY);
    static final Set<String> DEDUPE_KEYS = Set.of(KEY, RETENTION);
    static final Set<String> PII_RULE_KEYS = Set.of(ACTION, KEEP_SUFFIX);
    static final Set<String> QUALITY_KEYS = Set.of(RULES, BREAKER);
    static final Set<String> MODEL_KEYS = Set.of(SQL, TRANSFORM, BLOCK, INPUTS, OPTIONS, PARTITION_BY, DESCRIPTION);
    static final Set<String> TRANSFORM_KEYS = Set.of(IDENTIFIER, INPUT, OPTIONS);

    private PipelineKeys() {}
}
