package dev.tributary.jobs.cli;

import dev.tributary.jobs.cdc.PostgresCdcSourceConfig;
import dev.tributary.jobs.cdc.PostgresSlotLag;
import dev.tributary.jobs.cdc.PostgresSlots;
import dev.tributary.jobs.definition.PipelineDef;
import dev.tributary.jobs.definition.SourceDef;
import dev.tributary.jobs.definition.SourceKind;

import org.apache.flink.annotation.Internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the CLI says about a pipeline's PostgreSQL replication slots: a warning before the start when the
 * server lets a slot retain WAL without bound, and each slot's lag in the end-of-run summary. A server
 * that cannot be asked is left to the pre-start reachability check; this report never fails a run.
 */
@Internal
final class CdcSlotReport {

    private CdcSlotReport() {}

    /** One warning per CDC source whose server has {@code max_slot_wal_keep_size = -1}. */
    static List<String> walWarnings(PipelineDef def, Map<String, String> env) {
        List<String> warnings = new ArrayList<>();
        for (SourceDef s : def.sources()) {
            if (s.kind() == SourceKind.POSTGRES_CDC) {
                try {
                    new PostgresSlots(PostgresSlots.config(s.options(), env)).unboundedWalWarning()
                            .ifPresent(w -> warnings.add("source '" + s.name() + "': " + w));
                } catch (Exception unreachable) {
                    // reported by the pre-start checks
                }
            }
        }
        return warnings;
    }

    /** A summary section with each CDC slot's lag; nothing when the pipeline has no CDC source. */
    static void printLag(PipelineDef def, Map<String, String> env, PrintStream out) {
        boolean header = false;
        for (SourceDef s : def.sources()) {
            if (s.kind() != SourceKind.POSTGRES_CDC) {
                continue;
            }
            if (!header) {
                out.println();
                out.println("PostgreSQL replication slots (WAL the server keeps until a checkpoint confirms it)");
                header = true;
            }
            String line;
            try {
                PostgresCdcSourceConfig config = PostgresSlots.config(s.options(), env);
                Optional<PostgresSlotLag.Reading> r = new PostgresSlotLag(config).read();
                line = r.map(x -> String.format(Locale.ROOT, "lag %,d bytes, retained %,d bytes%s", x.lagBytes, x.retainedBytes,
                        x.active ? ", in use" : ", kept for the next run (retire with: tributary cdc drop-slot)"))
                        .orElse("no slot");
                line = "  " + s.name() + ": slot '" + config.slotName() + "' " + line;
            } catch (Exception e) {
                line = "  " + s.name() + ": slot lag unknown (" + e.getClass().getSimpleName() + ")";
            }
            out.println(line);
        }
    }
}
