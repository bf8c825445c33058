package dev.tributary.jobs.cli;

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
 *   demo      run the reference pipeline on generated data, locally (the embedded default)
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

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != OK) {
            System.exit(code);
        }
    }

    /** Runs a command; never throws, never prints a stack trace for user errors. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv());
    }

    /** As {@link #run(String[], PrintStream, PrintStream)}, with {@code env} as the process environment. */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            out.println(usage());
            return args.length == 0 ? USAGE : OK;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            switch (args[0]) {
                case "demo":
                    return new DemoCommand(out, env).run(new CliArgs(rest, DemoCommand.OPTIONS, Set.of()));
                case "validate":
                    return new PipelineCommands(out, env).validate(
                            new CliArgs(rest, PipelineCommands.CHECK_OPTIONS, PipelineCommands.CHECK_FLAGS));
                case "explain":
                    return new PipelineCommands(out, env).explain(
                            new CliArgs(rest, PipelineCommands.VALIDATE_OPTIONS, Set.of()));
                case "run":
                    return new PipelineCommands(out, env).run(
                            new CliArgs(rest, PipelineCommands.RUN_OPTIONS, PipelineCommands.RUN_FLAGS));
                case "kafka-bronze":
                    return new KafkaBronzeCommand(out, env).run(new CliArgs(rest, KafkaBronzeCommand.OPTIONS, Set.of()));
                default:
                    err.println("tributary: unknown command '" + args[0] + "'");
                    err.println(usage());
                    return USAGE;
            }
        } catch (dev.tributary.jobs.definition.yaml.DefinitionException e) {
            err.println("tributary " + args[0] + ": " + e.getMessage());
            return USAGE;
        } catch (PipelineCommands.EnvironmentException e) {
            for (String problem : e.getMessage().split("\\R")) {
                err.println("tributary " + args[0] + ": " + problem);
            }
            return JOB_FAILED;
        } catch (CliArgs.UsageException e) {
            err.println("tributary " + args[0] + ": " + e.getMessage());
            return USAGE;
        } catch (Exception e) {
            err.println("tributary " + args[0] + ": the job failed: " + rootMessage(e));
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

    static String usage() {
        return String.join("\n",
                "usage: tributary <command> [options]",
                "  validate --pipeline <path | file://... | s3a://...> [--definition-only]",
                "        check a pipeline definition (every error at once), then its environment (inputs exist, lake",
                "        writable, servers reachable); starts nothing; exit 0 valid, 2 invalid definition, 1 environment",
                "  explain --pipeline <path | file://... | s3a://...>",
                "        validate, then print the resolved plan: sources, sync groups, layers, sinks, transforms",
                "  run --pipeline <path | file://... | s3a://...> [--local] [--lake ROOT] [--parallelism N] [--detached]",
                "        validate and run a pipeline (on the cluster under 'flink run', else a local MiniCluster)",
                "  demo [--events N] [--lake DIR] [--parallelism P] [--seed S] [--checkpoint-interval MS]",
                "        run the reference pipeline on generated data on a local MiniCluster");
    }
}
