package dev.tributary.jobs.ops;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RestOptions;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Asks the cluster a run is submitted to whether a job has ended, over its REST API ({@code GET
 * /jobs/<id>}). {@link WriterLease} uses it so that the lease of a job stopped with a savepoint (a
 * rescale, an upgrade) does not block the resumed run for the lease's TTL. Any doubt (no REST address,
 * an unknown job, a timeout) answers "not ended": the lease then expires by its TTL as before.
 */
@Internal
public final class ClusterJobs {
    private static final Set<String> ENDED = Set.of("FINISHED", "CANCELED", "FAILED");
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private ClusterJobs() {}

    /** "Has this job ended?" against the cluster of {@code conf} ({@code rest.address}, {@code rest.port}). */
    public static Predicate<String> endedOn(ReadableConfig conf) {
        Optional<String> address = conf.getOptional(RestOptions.ADDRESS);
        if (address.isEmpty()) {
            return jobId -> false;
        }
        String base = "http://" + address.get() + ":" + conf.get(RestOptions.PORT);
        return jobId -> ended(base, jobId);
    }

    static boolean ended(String restBase, String jobId) {
        if (!jobId.matches("[0-9a-f]{32}")) {
            return false;
        }
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(restBase + "/jobs/" + jobId))
                    .timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && ENDED.contains(new ObjectMapper().readTree(r.body()).path("state").asText());
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
