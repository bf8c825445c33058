package dev.tributary.jobs.compose;

import dev.tributary.jobs.blocks.ModelLanding;
import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.definition.ModelDef;
import dev.tributary.jobs.definition.PipelineDef;
import dev.tributary.jobs.definition.Secrets;
import dev.tributary.jobs.definition.SourceDef;
import dev.tributary.jobs.definition.SyncGroupDef;
import dev.tributary.jobs.definition.yaml.Durations;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.transforms.api.PiiAction;
import dev.tributary.transforms.api.PiiPolicy;
import dev.tributary.transforms.api.RecordSchema;
import dev.tributary.transforms.api.TransformFactory;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.RuntimeExecutionMode;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the resolved plan of a pipeline ({@code tributary explain}): runtime, sources with their bronze
 * policies, sync groups, silver and gold tables with inputs and resolved columns, where each lands, and
 * the transforms and SQL functions available on the classpath. Secrets in options are never printed.
 */
@PublicEvolving
public final class PlanPrinter {

    private PlanPrinter() {}

    public static void print(ResolvedPipeline p, PrintStream out) {
        // Printed to a buffer first so that one last pass masks, wherever it appears, every value taken from
        // ${ENV} and any URI user-info (a lake root s3a://KEY:SECRET@bucket), whatever line printed it.
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        PrintStream plan = new PrintStream(buffer, true, java.nio.charset.StandardCharsets.UTF_8);
        printPlan(p, plan);
        out.print(Secrets.maskValues(buffer.toString(java.nio.charset.StandardCharsets.UTF_8), p.secretValues()));
        out.flush();
    }

    private static Map<String, String> shown(Map<String, String> options) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        options.forEach((k, v) -> m.put(k, Secrets.optionValue(k, v, List.of())));
        return m;
    }

    private static void printPlan(ResolvedPipeline p, PrintStream out) {
        PipelineDef def = p.def();
        LakeLayout lake = def.lake().layout();
        out.printf(Locale.ROOT, "pipeline %s%n", def.name());
        out.printf(Locale.ROOT, "  runtime   %s, %s, parallelism %s%n", def.runtime().mode().name().toLowerCase(Locale.ROOT),
                def.runtime().mode() == RuntimeExecutionMode.STREAMING
                        ? "checkpoint every " + Durations.format(def.runtime().checkpointInterval()) : "no checkpoints (batch)",
                def.runtime().parallelism() > 0 ? String.valueOf(def.runtime().parallelism()) : "default");
        out.printf(Locale.ROOT, "  lake      %s%s%n", lake.root(), def.lake().compactEveryCheckpoints() > 0
                ? " (compact files < " + def.lake().compactSmallerThan() + " every " + def.lake().compactEveryCheckpoints() + " checkpoints)"
                : " (one file per checkpoint and subtask, no compaction)");
        out.println();
        out.println("sources -> bronze");
        for (SourceDef s : def.sources()) {
            DatasetDef d = s.dataset();
            out.printf(Locale.ROOT, "  %-12s %s %s%n", s.name(), s.kindIdentifier(), s.redactedOptions());
            out.printf(Locale.ROOT, "    schema      %s%n", columns(d.schema()));
            out.printf(Locale.ROOT, "    event time  %s (out-of-orderness %s, allowed lateness %s, idle after %s)%n",
                    d.eventTimeColumn(), Durations.format(d.outOfOrderness()), Durations.format(d.allowedLateness()),
                    Durations.format(d.idleTimeout()));
            out.printf(Locale.ROOT, "    dedupe      %s for %s%n", d.dedupeKey(), Durations.format(d.dedupeRetention()));
            out.printf(Locale.ROOT, "    pii         %s%n", pii(d.pii()));
            if (!s.quality().isEmpty()) {
                List<String> rules = new ArrayList<>();
                for (Map<String, Object> r : s.quality().rules()) {
                    rules.add(r.get("name") + " (" + r.get("type") + ", " + r.get("action") + ")");
                }
                out.printf(Locale.ROOT, "    rules       %s%s%n", rules, s.quality().breaker() == null ? "" : "; breaker " + s.quality().breaker());
            }
            out.printf(Locale.ROOT, "    lands in    %s  (rejects: %s)%n", lake.bronze(s.name()), lake.bronzeQuarantine(s.name()));
        }
        out.println();
        out.println("sync groups");
        if (def.syncGroups().isEmpty()) {
            out.println("  (none: each source's watermark advances on its own)");
        }
        for (SyncGroupDef g : def.syncGroups()) {
            boolean bounded = g.members().stream().allMatch(m -> def.source(m).map(SourceTranslator::isBounded).orElse(false));
            out.printf(Locale.ROOT, "  %-12s %s, max drift %s%s%n", g.name(), g.members(), Durations.format(g.maxDrift()),
                    bounded ? " (bounded sources read unaligned: alignment paces unbounded reading only)" : "");
        }
        for (ModelDef.Layer layer : ModelDef.Layer.values()) {
            out.println();
            out.println(layer.key());
            List<ModelDef> models = def.models(layer);
            if (models.isEmpty()) {
                out.println("  (none)");
            }
            for (ModelDef m : models) {
                RecordSchema schema = p.schemas().get(m.name());
                String how = m.sql() != null ? "sql"
                        : m.transform() != null ? "transform " + m.transform().identifier() + " " + shown(m.transform().options())
                        : "block " + m.block().identifier() + " " + m.block().inputs() + (m.block().options().isEmpty() ? "" : " " + shown(m.block().options()));
                out.printf(Locale.ROOT, "  %-20s %s <- %s%n", m.name(), how, m.inputs());
                if (schema != null && m.block() != null) {
                    out.printf(Locale.ROOT, "    columns     %s%n", columns(schema));
                    out.printf(Locale.ROOT, "    lands in    %s (+ _SUCCESS markers; late input records in %s/%s/%s/<input>)%n",
                            lake.table(layer.key(), m.name()), layer.key(), LakeLayout.LATE, m.name());
                } else if (schema != null) {
                    out.printf(Locale.ROOT, "    columns     %s%n", columns(schema));
                    String col = ModelTranslator.partitionColumn(m, schema);
                    out.printf(Locale.ROOT, "    lands in    %s  (partitioned by %s=date(%s), + _SUCCESS markers)%n",
                            lake.table(layer.key(), m.name()), col == null ? "?" : ModelLanding.partitionName(col), col);
                }
            }
        }
        out.println();
        out.println("transforms available");
        for (Map.Entry<String, TransformFactory> e : p.registry().transforms().entrySet()) {
            TransformFactory f = e.getValue();
            out.printf(Locale.ROOT, "  %-20s %s  options: required %s, optional %s%s%n", e.getKey(), f.getClass().getName(),
                    new java.util.TreeSet<>(f.requiredOptions()), new java.util.TreeSet<>(f.optionalOptions()), f.description().isEmpty() ? "" : "  - " + f.description());
        }
        out.println();
        out.println("sql functions available");
        if (p.registry().functions().isEmpty()) {
            out.println("  (none beyond Flink's built-ins)");
        }
        p.registry().functionOwners().forEach((name, owner) -> out.printf(Locale.ROOT, "  %-20s %s%n", name, owner));
    }

    private static String columns(RecordSchema schema) {
        java.util.Set<String> metadata = java.util.Set.of(BronzeSchemas.SOURCE, BronzeSchemas.SOURCE_PARTITION,
                BronzeSchemas.SOURCE_OFFSET, BronzeSchemas.SOURCE_FILE, BronzeSchemas.INGESTED_AT);
        List<String> cols = new ArrayList<>();
        boolean hasMetadata = false;
        for (dev.tributary.transforms.api.Field f : schema.fields()) {
            if (metadata.contains(f.name())) {
                hasMetadata = true;
                continue;
            }
            cols.add(f.name() + " " + f.type()
                    + (f.type() == dev.tributary.transforms.api.FieldType.DECIMAL ? "(" + f.precision() + "," + f.scale() + ")" : "")
                    + (f.isRequired() ? " NOT NULL" : ""));
        }
        return String.join(", ", cols) + (hasMetadata ? " + ingestion metadata" : "");
    }

    private static String pii(PiiPolicy pii) {
        if (pii.isEmpty()) {
            return "(none)";
        }
        List<String> out = new ArrayList<>();
        pii.columns().forEach((c, r) -> out.add(c + "=" + r.action().name().toLowerCase(Locale.ROOT)
                + (r.action() == PiiAction.MASK ? "(keep " + r.keepSuffix() + ")" : "")));
        return String.join(", ", out);
    }
}
