package dev.tributary.demo.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 item 6: {@code ./tributary} rebuilt the project for ~40 s right after {@code ./mvnw install},
 * because only the launcher itself ever wrote {@code target/tributary.classpath}. The build now writes it
 * (failsafe runs after {@code package}), so the launcher's staleness check must answer "fresh" here, and
 * "stale" once a main source is newer than the build. It lives in the demo module because the launcher
 * also runs the demo's jars, built after the library's.
 */
class LauncherIT {
    private static final Path ROOT = Paths.get("../..").toAbsolutePath().normalize();

    @Test
    void aBuildJustMadeIsFreshAndAnEditedSourceIsStale() throws Exception {
        assertThat(ROOT.resolve("flink-jobs/target/tributary.classpath")).isRegularFile();
        assertThat(check()).isEqualTo("fresh");

        Path stamp = ROOT.resolve("flink-jobs/target/tributary.classpath");
        java.nio.file.attribute.FileTime built = Files.getLastModifiedTime(stamp);
        Path jar = ROOT.resolve("flink-jobs/target/flink-jobs-0.1.0-SNAPSHOT.jar");
        java.nio.file.attribute.FileTime jarBuilt = Files.getLastModifiedTime(jar);
        try {
            // Age the build outputs instead of touching a source, so the worktree stays untouched.
            Files.setLastModifiedTime(stamp, java.nio.file.attribute.FileTime.fromMillis(0));
            Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(0));
            assertThat(check()).isEqualTo("stale");
        } finally {
            Files.setLastModifiedTime(stamp, built);
            Files.setLastModifiedTime(jar, jarBuilt);
        }
        assertThat(check()).isEqualTo("fresh");
    }

    private static String check() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("tributary").toString()).redirectErrorStream(true);
        pb.environment().put("TRIBUTARY_LAUNCHER_CHECK", "1");
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }
}
