package dev.tributary.jobs.cli;

import dev.tributary.jobs.definition.Secrets;
import dev.tributary.jobs.definition.yaml.DefinitionException;
import dev.tributary.jobs.definition.yaml.DefinitionText;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.UnsupportedFileSystemSchemeException;
import org.apache.flink.core.plugin.PluginUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;

/**
 * Reads a pipeline definition from a local path, or from any URI Flink can read ({@code file://},
 * {@code s3a://} via the S3 plugin, {@code hdfs://}), so a job submitted to a cluster can take its
 * definition from the lake.
 */
@Internal
final class PipelineFiles {

    private PipelineFiles() {}

    static String read(String location) {
        try {
            if (!location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
                return DefinitionText.decode(Files.readAllBytes(Paths.get(location)), location);
            }
            Path path = new Path(location);
            FileSystem fs;
            try {
                fs = path.getFileSystem();
            } catch (UnsupportedFileSystemSchemeException e) {
                // Not inside a Flink client that already loaded plugins (e.g. plain `java -cp`): load them.
                Configuration conf = System.getenv("FLINK_CONF_DIR") != null
                        ? GlobalConfiguration.loadConfiguration() : new Configuration();
                FileSystem.initialize(conf, PluginUtils.createPluginManagerFromRootFolder(conf));
                fs = path.getFileSystem();
            }
            try (FSDataInputStream in = fs.open(path)) {
                return DefinitionText.decode(in.readAllBytes(), location);
            }
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new CliArgs.UsageException("pipeline definition not found: " + Secrets.maskUserInfo(location));
        } catch (DefinitionException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CliArgs.UsageException("cannot read pipeline definition " + Secrets.maskUserInfo(location) + ": "
                    + Secrets.mask(String.valueOf(TributaryCli.rootMessage(e)), java.util.List.of()));
        }
    }
}
