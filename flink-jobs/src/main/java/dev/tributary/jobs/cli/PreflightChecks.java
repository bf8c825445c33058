package dev.tributary.jobs.cli;

import dev.tributary.jobs.bronze.BronzeJob;
import dev.tributary.jobs.definition.PipelineDef;
import dev.tributary.jobs.definition.SourceDef;
import dev.tributary.jobs.definition.SourceKind;
import dev.tributary.jobs.lake.LakeFormat;
import dev.tributary.jobs.lake.iceberg.IcebergLake;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What can be checked about a pipeline's environment before anything starts: {@code files} inputs
 * exist, the lake root is writable, Kafka brokers and PostgreSQL servers accept a TCP connection.
 *
 * <p>Why before: these failures repeat on every restart, so inside the job they only show up as a
 * restart loop and a stack trace per attempt. Each problem is one line naming the definition file, the
 * key and what was found. A TCP connect proves reachability only (not credentials, topics or slots:
 * those fail inside the job, where the bounded local restart strategy ends them).
 *
 * <p>On a cluster the client may not see what the TaskManagers see (a path on their disks, a broker
 * name only their network resolves), so there the CLI prints these as warnings and submits anyway.
 */
@Internal
final class PreflightChecks {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final String file;

    /** @param file the definition's location, prefixed to every message */
    PreflightChecks(String file) {
        this.file = file;
    }

    /**
     * Every problem found, one line each.
     *
     * @param lakeKey how the user set the lake root ({@code lake.root} or {@code --lake}), for the message
     * @param createLake create the lake root and write a probe file (run); else only check that the
     *     nearest existing folder of a local root is writable (validate changes nothing)
     */
    List<String> problems(PipelineDef def, String lakeKey, boolean createLake) {
        List<String> problems = new ArrayList<>();
        for (SourceDef s : def.sources()) {
            String at = file + ": sources." + s.name() + ".options.";
            if (s.kind() == SourceKind.FILES) {
                for (String part : s.options().getOrDefault("path", "").split(",")) {
                    String p = part.trim();
                    if (!p.isEmpty() && !exists(p)) {
                        problems.add(at + "path: '" + p + "' does not exist (a files source reads existing files or folders)");
                    }
                }
            } else if (s.kind() == SourceKind.KAFKA) {
                String servers = s.options().getOrDefault("bootstrap-servers", "");
                reachable(servers, 9092).ifPresent(why ->
                        problems.add(at + "bootstrap-servers: no Kafka broker reachable at '" + servers + "' (" + why + ")"));
            } else if (s.kind() == SourceKind.POSTGRES_CDC) {
                String hostPort = s.options().getOrDefault("hostname", "") + ":" + s.options().getOrDefault("port", "5432");
                reachable(hostPort, 5432).ifPresent(why ->
                        problems.add(at + "hostname: PostgreSQL not reachable at '" + hostPort + "' (" + why + ")"));
            }
        }
        String root = def.lake().layout().root();
        String why = createLake ? probeWrite(root) : localWritable(root);
        if (why != null) {
            problems.add(file + ": " + lakeKey + ": the lake root '" + root + "' is not writable (" + why + ")");
        } else if (def.lake().format() == LakeFormat.ICEBERG) {
            problems.addAll(icebergProblems(def));
        }
        return problems;
    }

    /**
     * Bronze tables an Iceberg lake already holds that the sources' declared schemas could not be written to (a
     * column's type changed, a new required column...): found here, before anything starts, instead of when the
     * job is built. Compatible changes (a new nullable column) are not problems; they evolve the table at start.
     */
    private List<String> icebergProblems(PipelineDef def) {
        List<String> problems = new ArrayList<>();
        IcebergLake ice = def.lake().iceberg();
        for (SourceDef s : def.sources()) {
            for (String p : ice.check(def.lake().layout(), BronzeJob.table(s.dataset()))) {
                problems.add(file + ": sources." + s.name() + ".schema: " + p
                        + " (declare a compatible schema, or land into a new table or lake)");
            }
        }
        return problems;
    }

    private static boolean exists(String location) {
        try {
            Path p = new Path(location);
            return p.getFileSystem().exists(p);
        } catch (IOException | RuntimeException e) {
            // Not decidable here (e.g. a scheme whose plugin only the cluster has): let the job say.
            return true;
        }
    }

    /** Empty when at least one of the comma-separated {@code host:port} accepts a connection, else why not. */
    static java.util.Optional<String> reachable(String hostPorts, int defaultPort) {
        String last = "no address given";
        for (String hp : hostPorts.split(",")) {
            String a = hp.trim();
            if (a.isEmpty()) {
                continue;
            }
            int colon = a.lastIndexOf(':');
            String host = colon > 0 ? a.substring(0, colon) : a;
            int port = defaultPort;
            if (colon > 0) {
                try {
                    port = Integer.parseInt(a.substring(colon + 1));
                } catch (NumberFormatException e) {
                    last = "'" + a + "' is not host:port";
                    continue;
                }
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
                return java.util.Optional.empty();
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
        }
        return java.util.Optional.of(last);
    }

    /** Creates the root and a probe file under {@code _tributary/}, then deletes the probe; null when that worked. */
    static String probeWrite(String root) {
        try {
            Path dir = new Path(root + "/_tributary");
            FileSystem fs = dir.getFileSystem();
            fs.mkdirs(dir);
            Path probe = new Path(dir, ".write-probe-" + UUID.randomUUID());
            try (FSDataOutputStream out = fs.create(probe, FileSystem.WriteMode.NO_OVERWRITE)) {
                out.write(1);
            }
            fs.delete(probe, false);
            return null;
        } catch (IOException | RuntimeException e) {
            return TributaryCli.rootMessage(e);
        }
    }

    /** For a local root: the nearest existing folder must be a writable folder; other schemes: not checked. */
    static String localWritable(String root) {
        if (!root.startsWith("file:")) {
            return null;
        }
        java.nio.file.Path p = java.nio.file.Paths.get(java.net.URI.create(root));
        while (p != null && !java.nio.file.Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            return "no existing parent folder";
        }
        if (!java.nio.file.Files.isDirectory(p)) {
            return "'" + p + "' is a file, not a folder";
        }
        return java.nio.file.Files.isWritable(p) ? null : "'" + p + "' is not writable by this user";
    }
}
