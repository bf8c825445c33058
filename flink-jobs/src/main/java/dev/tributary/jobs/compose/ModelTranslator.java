package dev.tributary.jobs.compose;

import dev.tributary.jobs.blocks.BlockFactory;
import dev.tributary.jobs.blocks.BlockInputException;
import dev.tributary.jobs.blocks.BlockOptionException;
import dev.tributary.jobs.blocks.BlockResult;
import dev.tributary.jobs.blocks.EventTable;
import dev.tributary.jobs.blocks.EventTimeRestamper;
import dev.tributary.jobs.blocks.ModelLanding;
import dev.tributary.jobs.bronze.CountingFunction;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.definition.ModelDef;
import dev.tributary.jobs.definition.TransformDef;
import dev.tributary.jobs.definition.yaml.DefinitionErrors;
import dev.tributary.jobs.definition.yaml.ParsedPipeline;
import dev.tributary.jobs.definition.yaml.PipelineKeys;
import dev.tributary.jobs.definition.yaml.Suggestions;
import dev.tributary.jobs.definition.yaml.YamlNode;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeSinks;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;
import dev.tributary.transforms.api.Transform;
import dev.tributary.transforms.api.TransformFactory;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.java.ClosureCleaner;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The silver and gold stages: each model, in dependency order, becomes a table (Flink SQL over the
 * tables before it, or a custom transform over one of them), then a stream of lake rows landed under
 * {@code <lake>/<layer>/<model>} by {@link ModelLanding}, as block models land (partitioned by the UTC date of a TIMESTAMP column).
 *
 * <pre>
 *  bronze streams ─ fromDataStream(+ rowtime, SOURCE_WATERMARK) ─ view &lt;dataset&gt;
 *  sql model:       each input ─ route late (SqlInputs) ─ sqlQuery ─ view &lt;model&gt; ─ toDataStream ─ lake rows ─ count ─ FileSink
 *                                 └─ _late/&lt;model&gt;/&lt;input&gt;
 *  transform model: input lake rows ─ count in ─ flatMap(Transform) ─ view &lt;model&gt; ─ count ─ FileSink
 * </pre>
 *
 * The same code validates (over empty streams, without sinks) and composes, so what {@code validate}
 * accepts is what {@code run} builds. Problems are collected with their location in the definition.
 */
@Internal
final class ModelTranslator {
    private static final Pattern UPDATES = Pattern.compile("update changes which is produced by (node .*)$");
    private static final LakeLayout VALIDATION_LAKE = new LakeLayout("file:///tributary-validation-only");

    private final TransformRegistry registry;
    private final ModelErrors problems;
    private final Map<String, DataStream<Row>> streams = new LinkedHashMap<>();
    private final Map<String, RecordSchema> schemas = new LinkedHashMap<>();
    private final Map<String, EventTable> eventTables = new LinkedHashMap<>();
    private final SqlInputs sqlInputs = new SqlInputs();

    ModelTranslator(TransformRegistry registry, @Nullable ParsedPipeline parsed, DefinitionErrors errors) {
        this.registry = registry;
        this.problems = new ModelErrors(parsed, errors);
    }

    /** Registers a bronze dataset (landed rows, late behind the watermark by more than {@code lateness}) as an input table. */
    void addInput(StreamTableEnvironment tEnv, String name, DataStream<Row> rows, RecordSchema schema, Duration lateness) {
        streams.put(name, rows);
        schemas.put(name, schema);
        sqlInputs.addStream(tEnv, name, rows, schema, TableTypes.tableSchema(schema), lateness);
    }

    /** Every table's lake schema, sources first, then models in order. */
    Map<String, RecordSchema> schemas() {
        return schemas;
    }

    Map<String, DataStream<Row>> streams() {
        return streams;
    }

    /**
     * Translates the models; with {@code lake} null only checks them (nothing is landed).
     *
     * @param skip models not to translate (broken, or depending on broken ones)
     */
    void translate(StreamExecutionEnvironment env, StreamTableEnvironment tEnv, Map<String, DatasetDef> datasets,
            List<ModelDef> models, Set<String> skip, @Nullable LakeLayout lake, @Nullable LakeSinks sinks, String uidPrefix) {
        registry.functions().forEach(tEnv::createTemporarySystemFunction);
        Map<String, ModelDef> byName = new LinkedHashMap<>();
        models.forEach(x -> byName.put(x.name(), x));
        for (ModelDef m : models) {
            if (skip.contains(m.name()) || m.inputs().stream().anyMatch(
                    in -> skip.contains(in) || (!schemas.containsKey(in) && isKnownName(in, models)))) {
                if (m.transform() != null && !skip.contains(m.name())) {
                    factoryFor(m, m.transform()); // still report an unknown transform or options
                }
                continue;
            }
            if (m.block() != null) {
                translateBlock(env, tEnv, m, datasets, byName, lake, sinks, uidPrefix);
                continue;
            }
            RecordSchema schema;
            DataStream<Row> rows;
            Map<String, DataStream<Row>> late = Map.of();
            if (m.sql() != null) {
                Table table;
                try {
                    // The query reads each input through this model's own late-data router (SqlInputs).
                    late = sqlInputs.routeFor(tEnv, m, uidPrefix);
                    table = tEnv.sqlQuery(m.sql());
                } catch (RuntimeException e) {
                    sqlError(m, e);
                    continue;
                } finally {
                    sqlInputs.restore(tEnv, m);
                }
                List<String> problems = new ArrayList<>();
                // The rowtime attribute stays in the model's view (later windows use it) but never lands.
                int[] landed = TableTypes.landedColumns(table.getResolvedSchema());
                schema = TableTypes.lakeSchema(m.name(), table.getResolvedSchema(), landed, problems);
                problems.forEach(p -> error(m, PipelineKeys.SQL, "a query result with " + p, "columns the lake can store"));
                if (!problems.isEmpty() || !checkPartition(m, schema)) {
                    continue;
                }
                try {
                    rows = tEnv.toDataStream(table)
                            .map(new LakeRowFunction(landed), schema.rowTypeInfo())
                            .name(m.layer().key() + " " + m.name() + ": to lake rows");
                } catch (RuntimeException e) {
                    Matcher node = UPDATES.matcher(firstLine(e));
                    error(m, PipelineKeys.SQL, "a query whose result is updated ("
                                    + (node.find() ? "updates produced by " + node.group(1) : firstLine(e)) + ")",
                            "an append-only query: aggregate over event-time windows (TUMBLE/HOP/CUMULATE with"
                                    + " rowtime) or interval joins, so each result row is final when emitted");
                    continue;
                }
                if (TableTypes.hasTimeAttribute(table.getResolvedSchema())) {
                    sqlInputs.addView(tEnv, m.name(), table);
                } else {
                    // No time attribute left (e.g. a window's result): later models (SQL or transform) get the
                    // model's event-time column, the one it is partitioned by, with the watermarks of its stream.
                    // Its rows trail that watermark by up to its longest window: that is their allowed lateness, so
                    // a later SQL model sees the watermark held back by it, and rows still behind are routed. In BATCH
                    // a later window reads the whole result: not routed, as before (routing it there sent some of its
                    // rows to _late in SqlModelLandingITCase: BATCH forwards a watermark before all of them, cause not found).
                    String time = partitionColumn(m, schema);
                    rows = rows.transform("event time = " + time, schema.rowTypeInfo(), new EventTimeRestamper(schema.indexOf(time), 0))
                            .uid(uidPrefix + m.layer().key() + "-" + m.name() + "-event-time");
                    boolean batch = tEnv.getConfig().get(ExecutionOptions.RUNTIME_MODE) == RuntimeExecutionMode.BATCH;
                    sqlInputs.addStream(tEnv, m.name(), rows, schema, TableTypes.tableSchema(schema, time),
                            batch ? SqlInputs.NEVER_LATE : SqlWindows.span(table));
                }
            } else {
                TransformDef t = m.transform();
                Transform transform = createTransform(m, t);
                if (transform == null) {
                    continue;
                }
                RecordSchema in = schemas.get(t.input());
                try {
                    schema = new RecordSchema(m.name(), transform.outputSchema(in).fields());
                    ClosureCleaner.clean(transform, ExecutionConfig.ClosureCleanerLevel.RECURSIVE, true);
                } catch (RuntimeException e) {
                    error(m, PipelineKeys.TRANSFORM, "transform '" + t.identifier() + "' failing: " + firstLine(e),
                            "a transform that accepts input '" + t.input() + "' " + in.fieldNames() + " and is serializable");
                    continue;
                }
                if (!checkPartition(m, schema)) {
                    continue;
                }
                String id = uidPrefix + m.layer().key() + "-" + m.name();
                // A transform works record by record, so nothing is late for it; rows keep their input's timestamps.
                rows = streams.get(t.input())
                        .process(new CountingFunction<Row>(m.layer().key() + "." + m.name() + "." + t.input() + ".in", "in"), streams.get(t.input()).getType())
                        .uid(id + "-count-in").name(m.layer().key() + " " + m.name() + ": count " + t.input())
                        .flatMap(new TransformFunction(transform, m.name(), in, t.options()), schema.rowTypeInfo())
                        .uid(id + "-transform")
                        .name(m.layer().key() + " " + m.name() + ": " + t.identifier());
                sqlInputs.addStream(tEnv, m.name(), rows, schema, TableTypes.tableSchema(schema), sqlInputs.lateness(t.input()));
            }
            schemas.put(m.name(), schema);
            streams.put(m.name(), rows);
            if (lake != null) {
                late.forEach((input, r) -> ModelLanding.landLate(m.layer().key(), m.name(), input, r, lake, sinks, uidPrefix));
                land(m, rows, schema, lake, sinks, uidPrefix);
            }
        }
    }

    /** A block: checked against its factory, wired, landed (unless it lands itself), registered for later models. */
    private void translateBlock(StreamExecutionEnvironment env, StreamTableEnvironment tEnv, ModelDef m,
            Map<String, DatasetDef> datasets, Map<String, ModelDef> models, @Nullable LakeLayout lake,
            @Nullable LakeSinks sinks, String uidPrefix) {
        BlockFactory f = registry.block(m.block().identifier()).orElse(null);
        List<String[]> problems = BlockTranslator.check(m, f, registry.blocks().keySet());
        problems.forEach(p -> error(m, p[0], p[1], p[2]));
        if (!problems.isEmpty()) {
            return;
        }
        Map<String, EventTable> tables = new LinkedHashMap<>();
        for (String in : m.block().inputs().values()) {
            tables.put(in, eventTable(in, datasets));
        }
        BlockResult out;
        try {
            // Validation wires the block too (on a never-executed environment) so its own checks run.
            out = BlockTranslator.translate(f, env, m, tables, datasets, lake != null ? lake : VALIDATION_LAKE,
                    sinks != null ? sinks : LakeSinks.rollOnCheckpoint(), uidPrefix);
        } catch (BlockOptionException e) {
            String[] fe = ModelErrors.foundExpected(e);
            error(m, PipelineKeys.OPTIONS + "." + e.key(), fe[0], fe[1]);
            return;
        } catch (BlockInputException e) {
            error(m, PipelineKeys.INPUTS + "." + e.role(), e.found(), e.expected());
            return;
        } catch (RuntimeException e) {
            String[] fe = ModelErrors.foundExpected(e);
            error(m, PipelineKeys.BLOCK, "block '" + m.block().identifier() + "' refusing its inputs or options: " + fe[0], fe[1]);
            return;
        }
        EventTable table = out.output();
        RecordSchema schema = new RecordSchema(m.name(), table.schema().fields());
        DataStream<Row> rows = table.rows();
        if (!out.landed()) {
            String partition = m.partitionBy() != null ? m.partitionBy() : table.timeColumn();
            if (partition == null) {
                partition = partitionColumn(m, schema);
            }
            if (!checkPartition(m, schema, partition)) {
                return;
            }
            if (lake != null) {
                out.late().forEach((input, late) -> ModelLanding.landLate(m.layer().key(), m.name(), input, late, lake, sinks, uidPrefix));
                rows = ModelLanding.land(m.layer().key(), m.name(), rows, schema, partition, lake, sinks, uidPrefix);
            }
        }
        eventTables.put(m.name(), EventTable.of(m.name(), rows, schema, table.timeColumn(), table.allowedLateness()));
        streams.put(m.name(), rows);
        schemas.put(m.name(), schema);
        sqlInputs.addStream(tEnv, m.name(), rows, schema, TableTypes.tableSchema(schema), table.allowedLateness());
    }

    /** A table as a block input: a source with its event time and lateness, a block's output, or a table without event time. */
    private EventTable eventTable(String name, Map<String, DatasetDef> datasets) {
        if (eventTables.containsKey(name)) {
            return eventTables.get(name);
        }
        DatasetDef ds = datasets.get(name);
        if (ds != null) {
            return EventTable.of(name, streams.get(name), schemas.get(name), ds.eventTimeColumn(), ds.allowedLateness());
        }
        return EventTable.of(name, streams.get(name), schemas.get(name), null, java.time.Duration.ZERO);
    }

    private static boolean isKnownName(String name, List<ModelDef> models) {
        return models.stream().anyMatch(x -> x.name().equals(name));
    }

    /** SQL and transform models land as block models do: {@link ModelLanding} (markers, {@code .out}, named partition). */
    private static void land(ModelDef m, DataStream<Row> rows, RecordSchema schema, LakeLayout lake, LakeSinks sinks, String uidPrefix) {
        ModelLanding.land(m.layer().key(), m.name(), rows, schema, partitionColumn(m, schema), lake, sinks, uidPrefix);
    }

    static String partitionColumn(ModelDef m, RecordSchema schema) {
        if (m.partitionBy() != null) {
            return m.partitionBy();
        }
        return schema.fields().stream().filter(f -> f.type() == FieldType.TIMESTAMP).map(f -> f.name()).findFirst().orElse(null);
    }

    private boolean checkPartition(ModelDef m, RecordSchema schema) {
        return checkPartition(m, schema, partitionColumn(m, schema));
    }

    private boolean checkPartition(ModelDef m, RecordSchema schema, @Nullable String col) {
        if (col == null) {
            error(m, PipelineKeys.SQL, "a result without a TIMESTAMP column " + schema.fieldNames(),
                    "a TIMESTAMP column to partition the table by date (e.g. window_start), or 'partition-by'");
            return false;
        }
        if (!schema.contains(col) || schema.field(col).type() != FieldType.TIMESTAMP) {
            error(m, PipelineKeys.PARTITION_BY, "'" + col + "'" + (schema.contains(col) ? " of type " + schema.field(col).type() : ", which is not a result column"),
                    "a TIMESTAMP column of the result: " + schema.fields().stream().filter(f -> f.type() == FieldType.TIMESTAMP)
                            .map(f -> f.name()).collect(java.util.stream.Collectors.toList()) + Suggestions.didYouMean(col, schema.fieldNames()));
            return false;
        }
        return true;
    }

    @Nullable
    private Transform createTransform(ModelDef m, TransformDef t) {
        TransformFactory f = factoryFor(m, t);
        if (f == null) {
            return null;
        }
        try {
            return f.create(new SimpleTransformContext(m.name(), schemas.get(t.input()), t.options(), -1));
        } catch (RuntimeException e) {
            error(m, PipelineKeys.TRANSFORM + "." + PipelineKeys.OPTIONS, "options transform '" + t.identifier()
                    + "' refused: " + firstLine(e), "options valid for '" + t.identifier() + "' over input '" + t.input() + "'");
            return null;
        }
    }

    /** The factory of a transform whose options it declares; null after reporting what is wrong. */
    @Nullable
    private TransformFactory factoryFor(ModelDef m, TransformDef t) {
        TransformFactory f = registry.transform(t.identifier()).orElse(null);
        String tp = PipelineKeys.TRANSFORM + "." + PipelineKeys.IDENTIFIER;
        if (f == null) {
            Set<String> ids = registry.transforms().keySet();
            error(m, tp, "unknown transform '" + t.identifier() + "'",
                    "one of the transforms on the classpath " + ids + Suggestions.didYouMean(t.identifier(), ids)
                            + " (add the jar that provides it, listed in META-INF/services/"
                            + TransformFactory.class.getName() + ")");
            return null;
        }
        Set<String> allowed = new TreeSet<>(f.requiredOptions());
        allowed.addAll(f.optionalOptions());
        boolean ok = true;
        for (String key : t.options().keySet()) {
            if (!allowed.contains(key)) {
                error(m, PipelineKeys.TRANSFORM + "." + PipelineKeys.OPTIONS + "." + key,
                        "option '" + key + "', which transform '" + t.identifier() + "' does not use",
                        "one of " + allowed + Suggestions.didYouMean(key, allowed));
                ok = false;
            }
        }
        for (String key : new TreeSet<>(f.requiredOptions())) {
            if (!t.options().containsKey(key)) {
                error(m, PipelineKeys.TRANSFORM + "." + PipelineKeys.OPTIONS,
                        "no option '" + key + "'", "option '" + key + "' (transform '" + t.identifier()
                                + "' requires " + new TreeSet<>(f.requiredOptions()) + ")");
                ok = false;
            }
        }
        return ok ? f : null;
    }

    private void sqlError(ModelDef m, RuntimeException e) {
        problems.sqlError(m, e, new ArrayList<>(schemas.keySet()));
    }

    private void error(ModelDef m, String key, String found, String expected) {
        problems.error(m, key, found, expected);
    }

    static String firstLine(Throwable e) {
        return ModelErrors.firstLine(e);
    }
}
