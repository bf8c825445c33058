package dev.tributary.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the build put the job jar and the Flink distribution's lib/ (set by failsafe in flink-jobs/pom.xml). */
final class ClusterTestPaths {

    private ClusterTestPaths() {}

    /** target/tributary-jobs-&lt;version&gt;.jar, built by the shade plugin in {@code package}. */
    static Path jobJar() {
        return existing("tributary.job.jar", "run `./mvnw -pl flink-jobs verify` (the jar is built in `package`)");
    }

    /** flink-cluster/target/lib: Flink 1.20.1's lib/ as individual artifacts. */
    static Path flinkLib() {
        return existing("tributary.flink.lib", "build it first: `./mvnw -pl flink-cluster package`");
    }

    private static Path existing(String property, String hint) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set: run through Maven failsafe");
        }
        Path p = Paths.get(value).toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            throw new IllegalStateException(p + " does not exist: " + hint);
        }
        return p;
    }
}
