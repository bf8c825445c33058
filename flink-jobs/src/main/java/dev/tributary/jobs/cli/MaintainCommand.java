package dev.tributary.jobs.cli;

import dev.tributary.jobs.compose.ResolvedPipeline;
import dev.tributary.jobs.definition.LakeDef;
import dev.tributary.jobs.lake.LakeFormat;
import dev.tributary.jobs.lake.iceberg.IcebergMaintenance;

import org.apache.flink.annotation.Internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code maintain --pipeline F}: small-file maintenance of the pipeline's Iceberg lake (rewrite-data-files, then
 * expire-snapshots; see {@link IcebergMaintenance}), in this JVM. It commits with Iceberg's optimistic concurrency,
 * so it may run while the pipeline writes (a conflicting commit fails that table's rewrite, never the pipeline's).
 */
@Internal
final class MaintainCommand {

    static final Set<String> OPTIONS = Set.of("pipeline", "lake", "expire-older-than", "retain-last");

    /** Iceberg's own defaults for expiry: snapshots older than 5 days, keeping at least the newest one. */
    static final Duration DEFAULT_EXPIRE_OLDER_THAN = Duration.ofDays(5);

    private final PrintStream out;
    private final Map<String, String> env;

    MaintainCommand(PrintStream out, Map<String, String> env) {
        this.out = out;
        this.env = env;
    }

    int run(CliArgs args) {
        String lakeRoot = args.lakeRoot("lake", null);
        Duration olderThan = args.getDuration("expire-older-than", DEFAULT_EXPIRE_OLDER_THAN, Duration.ZERO);
        int retainLast = args.getInt("retain-last", 1, 1, 1_000_000);
        ResolvedPipeline p = new PipelineCommands(out, env).load(args);
        LakeDef lake = lakeRoot == null ? p.def().lake() : p.def().lake().withRoot(lakeRoot);
        if (lake.format() != LakeFormat.ICEBERG) {
            out.println("maintain: the lake of " + p.def().name() + " is " + lake.format().key()
                    + " folders, not Iceberg tables: nothing to do (a Parquet lake compacts in the sink: lake.compaction)");
            return TributaryCli.OK;
        }
        out.println("maintain: " + lake.iceberg() + " at " + lake.layout().root() + ": rewrite data files, expire snapshots"
                + " older than " + olderThan + " (keeping the newest " + retainLast + ")");
        List<IcebergMaintenance.Result> results =
                IcebergMaintenance.run(lake.iceberg(), lake.layout(), olderThan, retainLast);
        for (IcebergMaintenance.Result r : results) {
            out.println("  " + r);
        }
        out.println("maintain: " + results.size() + " tables");
        return TributaryCli.OK;
    }
}
