package dev.tributary.jobs.cli;

import dev.tributary.jobs.definition.Secrets;

import org.apache.flink.annotation.PublicEvolving;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line entry point, also the main class of the job jar.
 *
 * <pre>
 *   validate  check a pipeline definition, start nothing
 *   explain   print a pipeline's resolved plan
 *   run       run a pipeline definition (cluster under flink run, else local MiniCluster)
 *   ...       commands of {@link CliCommand} plug-ins (the demo module adds demo and kafka-bronze)
 * </pre>
 *
 * Exit codes a script can rely on: 0 success, 1 the job failed, its accounting did not balance, or its
 * environment is not ready (missing input, unwritable lake, unreachable server: nothing was started),
 * 2 usage or definition error (nothing was started).
 */
@PublicEvolving
public final class TributaryCli {

    public static final int OK = 0;
    public static final int JOB_FAILED = 1;
    public static final int USAGE = 2;

    private TributaryCli() {}

    /**
     * Exits with the command's code, except inside a JobManager (REST {@code /jars/{id}/run}, application
     * mode), where {@code System.exit} would end the cluster's JVM (or, intercepted, turn into an
     * {@code UserSystemExitException}): there a failure is thrown with the command's own stderr lines, so
     * the REST caller gets them in its error response.
     */
    public static void main(String[] args) {
        boolean inJobManager = "embedded".equals(org.apache.flink.streaming.api.environment.StreamExecutionEnvironment
                .getExecutionEnvironment().getConfiguration().get(org.apache.flink.configuration.DeploymentOptions.TARGET));
        java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
        PrintStream err = inJobManager ? new PrintStream(new TeeStream(System.err, errors), true) : System.err;
        int code = run(args, System.out, err);
        if (code == OK) {
            return;
        }
        if (inJobManager) {
            throw new IllegalStateException("tributary " + String.join(" ", args) + " failed (exit code " + code + "): "
                    + errors.toString(java.nio.charset.StandardCharsets.UTF_8).trim());
        }
        System.exit(code);
    }

    /** Writes to two streams (stderr and a buffer for the JobManager's failure message). */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }

    /** Runs a command; never throws, never prints a stack trace for user errors. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv());
    }

    /** As {@link #run(String[], PrintStream, PrintStream)}, with {@code env} as the process environment. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            out.println(usage());
            return args.length == 0 ? USAGE : OK;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (rest.contains("--help") || rest.contains("-h")) {
            String usage = commandUsages().get(args[0]);
            if (usage != null) {
                out.println("usage: tributary " + usage.strip());
                return OK;
            }
        }
        try {
            switch (args[0]) {
                case "validate":
                    return new PipelineCommands(out, env).validate(
                            new CliArgs(rest, PipelineCommands.CHECK_OPTIONS, PipelineCommands.CHECK_FLAGS));
                case "explain":
                    return new PipelineCommands(out, env).explain(
                            new CliArgs(rest, PipelineCommands.VALIDATE_OPTIONS, Set.of()));
                case "run":
                    return new PipelineCommands(out, err, env).run(
                            new CliArgs(rest, PipelineCommands.RUN_OPTIONS, PipelineCommands.RUN_FLAGS));
                case "maintain":
                    return new MaintainCommand(out, System.getenv()).run(new CliArgs(rest, MaintainCommand.OPTIONS, Set.of()));
                case "lake":
                    if (rest.isEmpty() || !rest.get(0).equals("clean")) {
                        throw new CliArgs.UsageException("lake: expected the subcommand 'clean'");
                    }
                    return new PipelineCommands(out, env).lakeClean(
                            new CliArgs(rest.subList(1, rest.size()), PipelineCommands.LAKE_CLEAN_OPTIONS, Set.of()));
                case "savepoint":
                    return new StateCommands(out, env).savepoint(new CliArgs(rest, StateCommands.JOB_OPTIONS, Set.of()));
                case "stop":
                    return new StateCommands(out, env).stop(new CliArgs(rest, StateCommands.JOB_OPTIONS, Set.of()));
                case "cdc":
                    if (rest.isEmpty() || !rest.get(0).equals("drop-slot")) {
                        throw new CliArgs.UsageException("expected 'cdc drop-slot --pipeline P'");
                    }
                    return new StateCommands(out, env).dropSlot(
                            new CliArgs(rest.subList(1, rest.size()), StateCommands.DROP_OPTIONS, Set.of()));
                default:
                    CliCommand plugIn = plugIns().get(args[0]);
                    if (plugIn != null) {
                        return plugIn.run(rest, out, err, env);
                    }
                    err.println("tributary: unknown command '" + args[0] + "'");
                    err.println(usage());
                    return USAGE;
            }
        } catch (dev.tributary.jobs.definition.yaml.DefinitionException e) {
            err.println("tributary " + args[0] + ": " + Secrets.maskUserInfo(String.valueOf(e.getMessage())));
            return USAGE;
        } catch (dev.tributary.jobs.ops.WriterLease.LeaseHeldException | dev.tributary.jobs.ops.OutputGuard.OutputExistsException e) {
            err.println("tributary " + args[0] + ": " + Secrets.maskUserInfo(String.valueOf(e.getMessage())));
            return JOB_FAILED;
        } catch (PipelineCommands.EnvironmentException e) {
            for (String problem : e.getMessage().split("\\R")) {
                err.println("tributary " + args[0] + ": " + Secrets.maskUserInfo(problem));
            }
            return JOB_FAILED;
        } catch (CliArgs.UsageException e) {
            err.println("tributary " + args[0] + ": " + Secrets.maskUserInfo(String.valueOf(e.getMessage())));
            return USAGE;
        } catch (PipelineCommands.ResumableFailure e) {
            err.println("tributary " + args[0] + ": the job failed: " + Secrets.mask(String.valueOf(rootMessage(e)), List.of())
                    + " (" + Secrets.maskUserInfo(e.hint()) + ")");
            return JOB_FAILED;
        } catch (Exception e) {
            // A failure's message can quote configuration (a connector's URL, a JAAS line): mask it like a log line.
            err.println("tributary " + args[0] + ": the job failed: " + Secrets.mask(String.valueOf(rootMessage(e)), List.of()));
            return JOB_FAILED;
        }
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        String best = t.getMessage();
        while (c != null) {
            if (c.getMessage() != null) {
                best = c.getClass().getSimpleName() + ": " + c.getMessage();
            }
            c = c.getCause();
        }
        return best;
    }

    /** Commands from {@link CliCommand} plug-ins on the classpath, by name. */
    static Map<String, CliCommand> plugIns() {
        Map<String, CliCommand> commands = new java.util.TreeMap<>();
        for (CliCommand c : java.util.ServiceLoader.load(CliCommand.class, Thread.currentThread().getContextClassLoader())) {
            commands.putIfAbsent(c.name(), c);
        }
        return commands;
    }

    static String usage() {
        StringBuilder text = new StringBuilder("usage: tributary <command> [options]   (tributary <command> --help: one command)");
        commandUsages().values().forEach(u -> text.append('\n').append(u));
        return text.toString();
    }

    /** Usage lines of each command, built-in first, then plug-ins; the key is the command word. */
    static Map<String, String> commandUsages() {
        Map<String, String> usages = new java.util.LinkedHashMap<>();
        usages.put("validate", String.join("\n",
                "  validate --pipeline <path | file://... | s3a://...> [--definition-only]",
                "        check a pipeline definition (every error at once), then its environment (inputs exist, lake",
                "        writable, servers reachable); starts nothing; exit 0 valid, 2 invalid definition, 1 environment"));
        usages.put("explain", String.join("\n",
                "  explain --pipeline <path | file://... | s3a://...>",
                "        validate, then print the resolved plan: sources, sync groups, layers, sinks, transforms"));
        usages.put("run", String.join("\n",
                "  run --pipeline <path | file://... | s3a://...> [--local] [--lake ROOT] [--parallelism N] [--detached]",
                "      [--mode fail-if-exists|replace|append] [--fresh | --from-savepoint PATH]",
                "        validate and run a pipeline (on the cluster under 'flink run', else a local MiniCluster);",
                "        resumes from the newest checkpoint/savepoint in the pipeline's state location",
                "        (runtime.state, default <lake>/_tributary/state/<pipeline>); Ctrl-C stops with a savepoint"));
        usages.put("lake", String.join("\n",
                "  lake clean --pipeline <path | file://... | s3a://...> [--lake ROOT]",
                "        delete the in-progress part files killed runs left in the pipeline's tables (refused while it runs)"));
        usages.put("savepoint", String.join("\n",
                "  savepoint --pipeline P [--lake ROOT] [--job-id ID --rest URL]",
                "        take a savepoint of the pipeline's running job into its state location"));
        usages.put("stop", String.join("\n",
                "  stop --pipeline P [--lake ROOT] [--job-id ID --rest URL]",
                "        stop the pipeline's running job with a savepoint; 'run' resumes from it"));
        usages.put("cdc", String.join("\n",
                "  cdc drop-slot --pipeline P",
                "        retire a pipeline: drop its PostgreSQL replication slots and publications"));
        usages.put("maintain", String.join("\n",
                "  maintain --pipeline <path> [--lake ROOT] [--expire-older-than DURATION] [--retain-last N]",
                "        Iceberg lake: rewrite small data files, then expire old snapshots (default: older than 5 d, keep 1)"));
        plugIns().forEach((name, c) -> usages.putIfAbsent(name, c.usage()));
        return usages;
    }
}
