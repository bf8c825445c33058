package dev.tributary.cluster;

import org.apache.flink.client.deployment.application.ApplicationClusterEntryPoint;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.entrypoint.ClusterEntrypoint;
import org.apache.flink.runtime.resourcemanager.StandaloneResourceManagerFactory;

import java.io.File;
import java.util.Arrays;

/**
 * What {@code bin/standalone-job.sh} starts ({@code StandaloneApplicationClusterEntryPoint} of
 * {@code flink-container}, part of flink-dist but not published for 1.20.1), reduced to its two steps:
 * a {@link PackagedProgram} of the user jar, and Flink's {@link ApplicationClusterEntryPoint} (flink-clients)
 * with the standalone resource manager. The JobManager runs {@code main()} itself, then shuts the cluster
 * down when the application's jobs ended. Arguments: {@code --configDir <dir> <jar> <program args...>}.
 */
public final class ApplicationModeEntryPoint extends ApplicationClusterEntryPoint {

    private ApplicationModeEntryPoint(Configuration configuration, PackagedProgram program) {
        super(configuration, program, StandaloneResourceManagerFactory.getInstance());
    }

    public static void main(String[] args) throws Exception {
        Configuration configuration = GlobalConfiguration.loadConfiguration(args[1]);
        // The dynamic properties the scripts append ("-D key=value", from BashJavaUtils) end the program's arguments.
        int end = 3;
        while (end < args.length && !"-D".equals(args[end])) {
            end++;
        }
        for (int i = end; i + 1 < args.length; i += 2) {
            String[] kv = args[i + 1].split("=", 2);
            configuration.setString(kv[0], kv[1]);
        }
        PackagedProgram program = PackagedProgram.newBuilder()
                .setJarFile(new File(args[2]))
                .setArguments(Arrays.copyOfRange(args, 3, end))
                .setConfiguration(configuration)
                .build();
        configureExecution(configuration, program);
        ClusterEntrypoint.runClusterEntrypoint(new ApplicationModeEntryPoint(configuration, program));
    }
}
