package dev.tributary.jobs.compose;

import dev.tributary.jobs.definition.BlockDef;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.definition.ModelDef;
import dev.tributary.jobs.definition.yaml.Durations;
import dev.tributary.jobs.gold.GoldJob;
import dev.tributary.jobs.gold.GoldSchemas;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeSinks;
import dev.tributary.jobs.silver.SilverDef;
import dev.tributary.jobs.silver.SilverJob;
import dev.tributary.jobs.silver.SilverSchemas;
import dev.tributary.jobs.silver.scd2.Scd2Job;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The built-in blocks a model can use ({@code block: <identifier>}), each wired to the job that implements
 * it. Blocks land their own tables (with commit markers where the job writes them).
 *
 * <pre>
 *  orders-enriched  inputs {orders, payments, customers}  options payment-interval-lower/-upper
 *                   -&gt; SilverJob: silver/orders_enriched (+ silver/_late/&lt;ds&gt;); model name must be orders_enriched
 *  scd2             inputs {changes: a postgres-cdc source} -&gt; Scd2Job: silver/&lt;model&gt;, silver/&lt;model&gt;_open
 *  revenue-marts    inputs {orders-enriched: an orders-enriched model}
 *                   -&gt; GoldJob: gold/revenue_hourly, gold/payment_conversion_daily
 * </pre>
 */
@Internal
final class BlockTranslator {
    static final String ORDERS_ENRICHED = "orders-enriched";
    static final String SCD2 = "scd2";
    static final String REVENUE_MARTS = "revenue-marts";
    static final Map<String, Set<String>> ROLES = Map.of(
            ORDERS_ENRICHED, Set.of("orders", "payments", "customers"),
            SCD2, Set.of("changes"),
            REVENUE_MARTS, Set.of("orders-enriched"));
    static final Map<String, Set<String>> OPTIONS = Map.of(
            ORDERS_ENRICHED, Set.of("payment-interval-lower", "payment-interval-upper"),
            SCD2, Set.of(),
            REVENUE_MARTS, Set.of());

    /** What a block produced: tables (name to rows and schema) later models can read. */
    static final class Output {
        final Map<String, DataStream<Row>> streams = new LinkedHashMap<>();
        final Map<String, RecordSchema> schemas = new LinkedHashMap<>();

        void add(String name, DataStream<Row> rows, RecordSchema schema) {
            streams.put(name, rows);
            schemas.put(name, schema);
        }
    }

    private BlockTranslator() {}

    /** Problems with the block's identifier, roles and options (each "found; expected"), empty when fine. */
    static List<String[]> check(ModelDef m, Map<String, DatasetDef> datasets, Map<String, ModelDef> models) {
        BlockDef b = m.block();
        List<String[]> problems = new java.util.ArrayList<>();
        if (!ROLES.containsKey(b.identifier())) {
            problems.add(new String[] {"block", "unknown block '" + b.identifier() + "'",
                    "one of " + new TreeSet<>(ROLES.keySet()) + dev.tributary.jobs.definition.yaml.Suggestions.didYouMean(b.identifier(), ROLES.keySet())});
            return problems;
        }
        Set<String> roles = ROLES.get(b.identifier());
        if (!b.inputs().keySet().equals(roles)) {
            problems.add(new String[] {"inputs", "input roles " + new TreeSet<>(b.inputs().keySet()),
                    "exactly the roles " + new TreeSet<>(roles) + " of block '" + b.identifier() + "'"});
        }
        for (String k : b.options().keySet()) {
            if (!OPTIONS.get(b.identifier()).contains(k)) {
                problems.add(new String[] {"options." + k, "option '" + k + "'", "one of " + new TreeSet<>(OPTIONS.get(b.identifier()))});
            }
        }
        switch (b.identifier()) {
            case ORDERS_ENRICHED:
                if (!m.name().equals(SilverSchemas.ORDERS_ENRICHED) || m.layer() != ModelDef.Layer.SILVER) {
                    problems.add(new String[] {"block", "block '" + ORDERS_ENRICHED + "' as " + m.layer().key() + " model '" + m.name() + "'",
                            "it as silver model '" + SilverSchemas.ORDERS_ENRICHED + "' (the table it lands)"});
                }
                for (String role : roles) {
                    String t = b.inputs().get(role);
                    if (t != null && !datasets.containsKey(t)) {
                        problems.add(new String[] {"inputs." + role, "'" + t + "', which is not a source", "a bronze dataset (source)"});
                    }
                }
                break;
            case SCD2:
                String changes = b.inputs().get("changes");
                if (changes != null && (!datasets.containsKey(changes) || !datasets.get(changes).schema().contains("_lsn"))) {
                    problems.add(new String[] {"inputs.changes", "'" + changes + "'", "a postgres-cdc source (its change rows)"});
                }
                break;
            default:
                String enriched = b.inputs().get("orders-enriched");
                ModelDef e = enriched == null ? null : models.get(enriched);
                if (enriched != null && (e == null || e.block() == null || !e.block().identifier().equals(ORDERS_ENRICHED))) {
                    problems.add(new String[] {"inputs.orders-enriched", "'" + enriched + "'", "a model using block '" + ORDERS_ENRICHED + "'"});
                }
        }
        return problems;
    }

    /** Wires the block (validated by {@link #check}) and returns the tables it produces. */
    static Output translate(StreamExecutionEnvironment env, ModelDef m, Map<String, DatasetDef> datasets,
            Map<String, DataStream<Row>> streams, LakeLayout lake, LakeSinks sinks, String uidPrefix) {
        BlockDef b = m.block();
        Output out = new Output();
        switch (b.identifier()) {
            case ORDERS_ENRICHED: {
                Map<String, String> in = b.inputs();
                SilverDef def = SilverDef.builder(datasets.get(in.get("orders")), datasets.get(in.get("payments")),
                                datasets.get(in.get("customers")))
                        .paymentInterval(duration(b, "payment-interval-lower", Duration.ZERO),
                                duration(b, "payment-interval-upper", Duration.ofHours(1)))
                        .build();
                out.add(m.name(), new SilverJob(def, streams.get(in.get("orders")), streams.get(in.get("payments")),
                                streams.get(in.get("customers")), lake, sinks, uidPrefix).build(env),
                        SilverSchemas.ORDERS_ENRICHED_SCHEMA);
                return out;
            }
            case SCD2: {
                Scd2Job job = new Scd2Job(datasets.get(b.inputs().get("changes")), m.name(), lake, sinks, uidPrefix);
                out.add(m.name(), job.build(streams.get(b.inputs().get("changes"))), job.historySchema());
                return out;
            }
            default: {
                Map<String, DataStream<Row>> marts =
                        new GoldJob(streams.get(b.inputs().get("orders-enriched")), lake, sinks, uidPrefix).build(env);
                out.add(GoldSchemas.REVENUE_HOURLY, marts.get(GoldSchemas.REVENUE_HOURLY), GoldSchemas.REVENUE_HOURLY_SCHEMA);
                out.add(GoldSchemas.PAYMENT_CONVERSION_DAILY, marts.get(GoldSchemas.PAYMENT_CONVERSION_DAILY),
                        GoldSchemas.PAYMENT_CONVERSION_DAILY_SCHEMA);
                return out;
            }
        }
    }

    private static Duration duration(BlockDef b, String key, Duration fallback) {
        String v = b.options().get(key);
        if (v == null) {
            return fallback;
        }
        Duration d = Durations.parse(v);
        if (d == null) {
            throw new IllegalArgumentException("option '" + key + "': expected " + Durations.EXPECTED + ", found '" + v + "'");
        }
        return d;
    }
}
