package dev.tributary.testing;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.DefaultPluginManager;
import org.apache.flink.core.plugin.DirectoryBasedPluginFinder;
import org.apache.flink.core.plugin.PluginManager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Makes {@code s3a://} (and {@code s3://}) paths work in the test JVM by loading {@code
 * flink-s3-fs-hadoop} as a Flink plugin, the way a cluster loads it from {@code
 * plugins/s3-fs-hadoop/}.
 *
 * <p>The jar must not be on the test classpath: it bundles unshaded Hadoop, Guava and Jackson that
 * break s3proxy. The build copies it to the folder named by the system property {@value
 * #PLUGINS_DIR_PROPERTY} (surefire sets it; see {@code flink-jobs/pom.xml}).
 *
 * <p>Flink's file system registry is JVM-global: {@link #install} replaces it for every test in the
 * JVM, and {@link #close()} restores the plain default. Install it at most once at a time (test
 * classes run one after another in the surefire JVM, so per-class installs are fine).
 *
 * <pre>{@code
 * try (S3Plugin plugin = S3Plugin.install(s3.flinkConfiguration())) { ... run jobs ... }
 * }</pre>
 */
public final class S3Plugin implements AutoCloseable {

    /** System property naming the folder that holds {@code s3-fs-hadoop/}. */
    public static final String PLUGINS_DIR_PROPERTY = "tributary.test.plugins.dir";

    private S3Plugin() {}

    /**
     * Initializes Flink's {@link FileSystem} with {@code s3Configuration} and a plugin manager over
     * {@link #pluginsDir()}.
     *
     * @throws IllegalStateException if the plugins folder or the S3 plugin is missing (run the
     *     tests through Maven, or set {@value #PLUGINS_DIR_PROPERTY})
     */
    public static S3Plugin install(Configuration s3Configuration) throws IOException {
        Path dir = pluginsDir();
        PluginManager pluginManager =
                new DefaultPluginManager(
                        new DirectoryBasedPluginFinder(dir).findPlugins(),
                        CoreOptions.getPluginParentFirstLoaderPatterns(s3Configuration));
        FileSystem.initialize(s3Configuration, pluginManager);
        return new S3Plugin();
    }

    /** The folder from {@value #PLUGINS_DIR_PROPERTY}, checked to contain {@code s3-fs-hadoop}. */
    public static Path pluginsDir() {
        String property = System.getProperty(PLUGINS_DIR_PROPERTY);
        if (property == null) {
            throw new IllegalStateException(
                    "System property "
                            + PLUGINS_DIR_PROPERTY
                            + " is not set: run the tests with Maven (surefire sets it), or point"
                            + " it at flink-jobs/target/test-plugins after 'mvn"
                            + " process-test-resources'.");
        }
        Path dir = Paths.get(property);
        if (!Files.isDirectory(dir.resolve("s3-fs-hadoop"))) {
            throw new IllegalStateException(
                    "No s3-fs-hadoop plugin under "
                            + dir
                            + ": 'mvn process-test-resources' copies flink-s3-fs-hadoop there.");
        }
        return dir;
    }

    /** Resets Flink's file systems to the defaults without plugins. */
    @Override
    public void close() {
        FileSystem.initialize(new Configuration(), null);
    }
}
