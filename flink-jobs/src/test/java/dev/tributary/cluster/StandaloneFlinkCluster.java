package dev.tributary.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Flink standalone session cluster on loopback: a JobManager ({@code
 * StandaloneSessionClusterEntrypoint}) and a TaskManager ({@code TaskManagerRunner}) as two child
 * JVMs, started the way Flink's {@code bin/} scripts start them, from a distribution's {@code lib/}
 * (see {@link ClusterTestPaths#flinkLib()}). Memory flags come from {@code BashJavaUtils}, as in the
 * scripts; the Java 17 module flags are the {@code env.java.opts.all} of Flink's default config.
 *
 * <p>{@link #close()} stops both JVMs by PID (TERM, then KILL after a timeout). Logs go to {@code
 * <work>/log}; {@link #logTail()} returns their ends for failure messages.
 */
final class StandaloneFlinkCluster implements AutoCloseable {

    /** Flink 1.20's default {@code env.java.opts.all}: what the bin/ scripts add on Java 17. */
    static final List<String> JAVA_17_OPTS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final Path work;
    private final Path conf;
    private final String classpath;
    private final int restPort;
    private final List<Process> processes = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Kills the JVMs if the test JVM exits without {@link #close()} (a killed or timed-out build). */
    private final Thread killOnExit = new Thread(() -> processes.forEach(Process::destroyForcibly), "flink-cluster-reaper");

    private StandaloneFlinkCluster(Path work, Path conf, String classpath, int restPort) {
        this.work = work;
        this.conf = conf;
        this.classpath = classpath;
        this.restPort = restPort;
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Writes {@code config.yaml} and starts both JVMs; returns once the TaskManager's slots are
     * registered.
     *
     * @param jobManagerEnv extra environment of the JobManager: REST submissions run the job's
     *     {@code main()} there (the PII key, for example)
     */
    static StandaloneFlinkCluster start(Path flinkLib, Path work, Map<String, String> jobManagerEnv) throws Exception {
        return start(flinkLib, work, jobManagerEnv, 1, 2);
    }

    /**
     * Like {@link #start(Path, Path, Map)} with {@code taskManagers} TaskManager JVMs of
     * {@code slotsEach} slots (one slot each makes a job at parallelism 2 span two JVMs).
     */
    static StandaloneFlinkCluster start(Path flinkLib, Path work, Map<String, String> jobManagerEnv, int taskManagers,
            int slotsEach) throws Exception {
        Path conf = Files.createDirectories(work.resolve("conf"));
        Files.createDirectories(work.resolve("log"));
        int rpcPort = FreePort.next();
        int restPort = FreePort.next();
        Files.writeString(conf.resolve("config.yaml"), config(work, rpcPort, restPort, slotsEach));
        Files.writeString(conf.resolve("log4j.properties"), LOG4J);
        String classpath;
        try (Stream<Path> jars = Files.list(flinkLib)) {
            classpath = jars.filter(p -> p.toString().endsWith(".jar")).sorted().map(Path::toString)
                    .collect(Collectors.joining(java.io.File.pathSeparator));
        }
        StandaloneFlinkCluster cluster = new StandaloneFlinkCluster(work, conf, classpath, restPort);
        try {
            cluster.launch("jobmanager", "GET_JM_RESOURCE_PARAMS",
                    "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                    List.of("--executionMode", "cluster"), jobManagerEnv);
            for (int i = 0; i < taskManagers; i++) {
                cluster.launch(i == 0 ? "taskmanager" : "taskmanager-" + i, "GET_TM_RESOURCE_PARAMS",
                        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", List.of(), Map.of());
            }
            cluster.rest().awaitSlots(taskManagers * slotsEach, Duration.ofSeconds(90));
        } catch (Exception | AssertionError e) {
            String logs = cluster.logTail();
            cluster.close();
            throw new IllegalStateException("the Flink cluster did not start:\n" + logs, e);
        }
        return cluster;
    }

    /**
     * An application cluster ({@code bin/standalone-job.sh}): a JobManager that runs {@code main()} of
     * {@code jobJar} with {@code programArgs} itself ({@link ApplicationModeEntryPoint}) and exits when the
     * application's jobs ended, and one TaskManager of two slots.
     */
    static StandaloneFlinkCluster startApplication(Path flinkLib, Path work, Map<String, String> jobManagerEnv, Path jobJar,
            List<String> programArgs) throws Exception {
        Path conf = Files.createDirectories(work.resolve("conf"));
        Files.createDirectories(work.resolve("log"));
        Files.writeString(conf.resolve("config.yaml"), config(work, FreePort.next(), FreePort.next(), 2));
        Files.writeString(conf.resolve("log4j.properties"), LOG4J);
        String classpath;
        try (Stream<Path> jars = Files.list(flinkLib)) {
            classpath = jars.filter(p -> p.toString().endsWith(".jar")).sorted().map(Path::toString)
                    .collect(Collectors.joining(java.io.File.pathSeparator));
        }
        // Only the entry point class next to lib/, as a distribution's flink-dist jar carries its own.
        String entry = ApplicationModeEntryPoint.class.getName().replace('.', '/') + ".class";
        Path classes = work.resolve("entrypoint-classes");
        Files.createDirectories(classes.resolve(entry).getParent());
        try (java.io.InputStream in = ApplicationModeEntryPoint.class.getClassLoader().getResourceAsStream(entry)) {
            Files.copy(in, classes.resolve(entry));
        }
        String restPort = Files.readAllLines(conf.resolve("config.yaml")).stream().filter(l -> l.startsWith("rest.port: "))
                .findFirst().orElseThrow().substring("rest.port: ".length());
        StandaloneFlinkCluster cluster = new StandaloneFlinkCluster(work, conf, classpath, Integer.parseInt(restPort));
        try {
            List<String> args = new ArrayList<>(List.of(jobJar.toString()));
            args.addAll(programArgs);
            cluster.launch("jobmanager", "GET_JM_RESOURCE_PARAMS", ApplicationModeEntryPoint.class.getName(), args,
                    jobManagerEnv, classpath + java.io.File.pathSeparator + classes);
            cluster.launch("taskmanager", "GET_TM_RESOURCE_PARAMS",
                    "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", List.of(), Map.of());
        } catch (Exception | AssertionError e) {
            String logs = cluster.logTail();
            cluster.close();
            throw new IllegalStateException("the Flink application cluster did not start:\n" + logs, e);
        }
        return cluster;
    }

    /** Waits for the JobManager JVM to exit (an application cluster does when its jobs ended); its exit code. */
    int awaitJobManagerExit(Duration timeout) throws InterruptedException {
        Process jm = processes.get(0);
        if (!jm.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the JobManager did not exit within " + timeout + ":\n" + logTail());
        }
        return jm.exitValue();
    }

    FlinkRestClient rest() {
        return new FlinkRestClient("http://127.0.0.1:" + restPort);
    }

    Path workDir() {
        return work;
    }

    /** The cluster's configuration folder (FLINK_CONF_DIR for a {@code flink run} client). */
    Path confDir() {
        return conf;
    }

    /** The distribution's lib/ as a class path (for a {@code flink run} client JVM). */
    String classpath() {
        return classpath;
    }

    private void launch(String role, String resourceCommand, String mainClass, List<String> args,
            Map<String, String> env) throws Exception {
        launch(role, resourceCommand, mainClass, args, env, classpath);
    }

    private void launch(String role, String resourceCommand, String mainClass, List<String> args,
            Map<String, String> env, String classpath) throws Exception {
        List<String> resources = bashJavaUtils(resourceCommand);
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.addAll(Arrays.asList(resources.get(0).trim().split("\\s+")));
        cmd.addAll(JAVA_17_OPTS);
        cmd.add("-Dlog.file=" + work.resolve("log/" + role + ".log"));
        cmd.add("-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri());
        cmd.add("-classpath");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.add("--configDir");
        cmd.add(conf.toString());
        cmd.addAll(args);
        // The dynamic properties (-D key=value) BashJavaUtils computed, passed as the scripts do.
        String dynamic = resources.size() > 1 ? resources.get(1).trim() : "";
        if (!dynamic.isEmpty()) {
            cmd.addAll(Arrays.asList(dynamic.split("\\s+")));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("log/" + role + ".out").toFile());
        pb.environment().putAll(env);
        processes.add(pb.start());
    }

    /** Runs BashJavaUtils like {@code bin/config.sh}; returns its result lines (JVM flags, dynamic properties). */
    private List<String> bashJavaUtils(String command) throws Exception {
        Path out = work.resolve("log/bash-java-utils-" + command + ".out");
        Process p = new ProcessBuilder(javaBinary(), "-Xmx128m", "-classpath", classpath,
                        "org.apache.flink.runtime.util.bash.BashJavaUtils", command, "--configDir", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("BashJavaUtils " + command + " failed:\n" + Files.readString(out));
        }
        List<String> result = Files.readAllLines(out, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith(RESULT_PREFIX))
                .map(l -> l.substring(RESULT_PREFIX.length()))
                .collect(Collectors.toList());
        if (result.isEmpty()) {
            throw new IllegalStateException("BashJavaUtils " + command + " printed no result:\n" + Files.readString(out));
        }
        return result;
    }

    /** The last lines of every log file, for failure messages. */
    String logTail() {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> logs = Files.list(work.resolve("log"))) {
            for (Path log : logs.sorted().collect(Collectors.toList())) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                sb.append("---- ").append(log.getFileName()).append(" (last 60 of ").append(lines.size()).append(" lines)\n");
                lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(l -> sb.append(l).append('\n'));
            }
        } catch (IOException | RuntimeException e) {
            sb.append("(logs unreadable: ").append(e).append(")\n");
        }
        return sb.toString();
    }

    /** Stops the TaskManager, then the JobManager: TERM, and KILL if one outlives the timeout. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            try {
                if (!p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing left for it to do
        }
    }

    /** The JVMs this cluster started (for the clean-up assertion). */
    List<ProcessHandle> handles() {
        return processes.stream().map(Process::toHandle).collect(Collectors.toList());
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String config(Path work, int rpcPort, int restPort, int slots) {
        return String.join("\n",
                "jobmanager.rpc.address: 127.0.0.1",
                "jobmanager.rpc.port: " + rpcPort,
                "jobmanager.bind-host: 127.0.0.1",
                "taskmanager.bind-host: 127.0.0.1",
                "taskmanager.host: 127.0.0.1",
                "rest.address: 127.0.0.1",
                "rest.bind-address: 127.0.0.1",
                "rest.port: " + restPort,
                "web.submit.enable: true",
                "web.upload.dir: " + work.resolve("web-upload"),
                "io.tmp.dirs: " + work.resolve("tmp"),
                "jobmanager.memory.process.size: 768m",
                "taskmanager.memory.process.size: 1024m",
                "taskmanager.memory.managed.size: 64m",
                "taskmanager.numberOfTaskSlots: " + slots,
                "parallelism.default: 2",
                "cluster.registration.error-delay: 500ms",
                // A job's main() runs inside the JobManager on REST submission: never let it exit the JVM.
                "cluster.intercept-user-system-exit: THROW",
                "state.backend.type: rocksdb",
                "execution.checkpointing.incremental: true",
                "execution.checkpointing.dir: " + work.resolve("checkpoints").toUri(),
                "execution.checkpointing.savepoint-dir: " + work.resolve("savepoints").toUri(),
                "restart-strategy.type: fixed-delay",
                "restart-strategy.fixed-delay.attempts: 2",
                "restart-strategy.fixed-delay.delay: 1 s",
                "");
    }

    private static final String LOG4J = String.join("\n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = MainAppender",
            "appender.main.name = MainAppender",
            "appender.main.type = File",
            "appender.main.fileName = ${sys:log.file}",
            "appender.main.layout.type = PatternLayout",
            "appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
            "logger.kafka.name = org.apache.kafka",
            "logger.kafka.level = WARN",
            "logger.parquet.name = org.apache.parquet",
            "logger.parquet.level = WARN",
            "");

    /** A free loopback port. */
    static final class FreePort {
        private FreePort() {}

        static int next() throws IOException {
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }
    }
}
