package dev.tributary.jobs.cli;

import org.apache.flink.annotation.PublicEvolving;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * A command of the {@code tributary} CLI that is not built in, found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.tributary.jobs.cli.CliCommand}); the demo's {@code demo} and
 * {@code kafka-bronze} are two. Built-in commands win over a plug-in of the same name.
 *
 * <p>Exit codes: return {@link TributaryCli#OK}, {@link TributaryCli#JOB_FAILED} or
 * {@link TributaryCli#USAGE}; an exception is reported in one line (its message, secrets masked) with exit
 * code 1, like a failure of the built-in commands.
 */
@PublicEvolving
public interface CliCommand {

    /** The command word, e.g. {@code demo}. */
    String name();

    /** Usage lines for {@code tributary --help}, each indented like the built-in ones. */
    String usage();

    /**
     * Runs the command.
     *
     * @param args the arguments after the command word
     * @param env the process environment
     */
    int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) throws Exception;
}
