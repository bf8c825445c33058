package dev.tributary.jobs.cli;

import dev.tributary.testing.Waiting;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code tributary <args>} in a child JVM with the test classpath, so a test can kill it for real
 * ({@link #kill()}: SIGKILL, nothing runs after it) or send it SIGTERM ({@link #terminate()}). Output goes
 * to files next to the lake, read with {@link #stdout()} / {@link #stderr()}.
 */
final class CliProcess implements AutoCloseable {

    private final Process process;
    private final Path out;
    private final Path err;

    private CliProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static CliProcess start(Path workDir, String name, Map<String, String> env, String... args) throws IOException {
        Files.createDirectories(workDir);
        List<String> cmd = new ArrayList<>(List.of(
                new File(System.getProperty("java.home"), "bin/java").getPath(), "-Xmx700m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), TributaryCli.class.getName()));
        cmd.addAll(List.of(args));
        Path out = workDir.resolve(name + ".out");
        Path err = workDir.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        return new CliProcess(pb.start(), out, err);
    }

    String stdout() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    String stderr() throws IOException {
        return Files.readString(err, StandardCharsets.UTF_8);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM (what Ctrl-C and {@code kill PID} send), without waiting. */
    void terminate() {
        process.destroy();
    }

    /** The exit code, waiting up to {@code timeout}. */
    int awaitExit(Duration timeout) throws Exception {
        Waiting.waitUntil(() -> !process.isAlive(), timeout, "tributary process exited");
        return process.exitValue();
    }

    /** Fails with the process's output when it has exited. */
    void failIfExited() {
        if (!process.isAlive()) {
            String text;
            try {
                text = stdout() + "\n--- stderr ---\n" + tail(stderr());
            } catch (IOException e) {
                text = e.toString();
            }
            throw new AssertionError("tributary exited early with " + process.exitValue() + ":\n" + text);
        }
    }

    private static String tail(String s) {
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
