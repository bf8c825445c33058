package dev.tributary.cluster;

import dev.tributary.testing.Waiting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.annotation.Nullable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The part of Flink's REST API (the one behind the Web UI and {@code flink run}) that a deployment
 * uses: upload and run a jar, watch a job, stop it with a savepoint, read its checkpoint statistics.
 */
final class FlinkRestClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    FlinkRestClient(String base) {
        this.base = base;
    }

    /** Waits until TaskManagers with at least {@code slots} slots are registered. */
    void awaitSlots(int slots, Duration timeout) throws InterruptedException {
        Waiting.waitUntil(() -> get("/overview").path("slots-total").asInt() >= slots, timeout,
                "the TaskManager registers " + slots + " slots");
    }

    /** {@code POST /jars/upload}; returns the jar id for {@link #run}. */
    String uploadJar(Path jar) throws IOException {
        String boundary = "----tributary" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode r = send(HttpRequest.newBuilder(URI.create(base + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        String file = r.path("filename").asText();
        return Path.of(file).getFileName().toString();
    }

    /**
     * {@code POST /jars/<id>/run}: runs the jar's main() inside the JobManager, returns the job id.
     *
     * @param savepointPath restore from this savepoint (state of every uid must map to an operator)
     */
    String run(String jarId, List<String> programArgs, @Nullable String savepointPath, @Nullable Integer parallelism) {
        ObjectNode req = JSON.createObjectNode();
        req.putArray("programArgsList").addAll(programArgs.stream().map(JSON.getNodeFactory()::textNode)
                .collect(java.util.stream.Collectors.toList()));
        if (savepointPath != null) {
            req.put("savepointPath", savepointPath);
            req.put("allowNonRestoredState", false);
        }
        if (parallelism != null) {
            req.put("parallelism", parallelism);
        }
        return post("/jars/" + jarId + "/run", req).path("jobid").asText();
    }

    JsonNode job(String jobId) {
        return get("/jobs/" + jobId);
    }

    /** Waits until the job is RUNNING and so is every one of its vertices (all tasks deployed). */
    void awaitAllVerticesRunning(String jobId, Duration timeout) throws InterruptedException {
        Waiting.waitUntil(() -> {
            JsonNode job = job(jobId);
            if (List.of("FAILED", "CANCELED", "FINISHED").contains(job.path("state").asText())) {
                throw new IllegalStateException("job " + jobId + " ended: " + exceptions(jobId));
            }
            if (!"RUNNING".equals(job.path("state").asText()) || job.path("vertices").isEmpty()) {
                return false;
            }
            for (JsonNode v : job.path("vertices")) {
                if (!"RUNNING".equals(v.path("status").asText())) {
                    return false;
                }
            }
            return true;
        }, timeout, "all vertices of job " + jobId + " RUNNING");
    }

    /** Waits until the job has completed at least {@code count} checkpoints. */
    void awaitCompletedCheckpoints(String jobId, long count, Duration timeout) throws InterruptedException {
        Waiting.waitUntil(() -> checkpoints(jobId).path("counts").path("completed").asLong() >= count, timeout,
                "job " + jobId + " completes " + count + " checkpoints");
    }

    /**
     * {@code POST /jobs/<id>/stop} (no drain: the job can continue from the savepoint as if never
     * stopped). Waits for the savepoint and the job to finish; returns the savepoint's path.
     */
    String stopWithSavepoint(String jobId, Path targetDirectory, Duration timeout) throws InterruptedException {
        ObjectNode req = JSON.createObjectNode();
        req.put("targetDirectory", targetDirectory.toUri().toString());
        req.put("drain", false);
        String trigger = post("/jobs/" + jobId + "/stop", req).path("request-id").asText();
        AtomicReference<String> location = new AtomicReference<>();
        Waiting.waitUntil(() -> {
            JsonNode r = get("/jobs/" + jobId + "/savepoints/" + trigger);
            if (!"COMPLETED".equals(r.path("status").path("id").asText())) {
                return false;
            }
            JsonNode op = r.path("operation");
            if (op.has("failure-cause")) {
                throw new IllegalStateException("stop-with-savepoint failed: " + op.path("failure-cause"));
            }
            location.set(op.path("location").asText());
            return true;
        }, timeout, "stop-with-savepoint of job " + jobId);
        Waiting.waitUntil(() -> "FINISHED".equals(job(jobId).path("state").asText()), timeout,
                "job " + jobId + " FINISHED after stop-with-savepoint");
        return location.get();
    }

    JsonNode checkpoints(String jobId) {
        return get("/jobs/" + jobId + "/checkpoints");
    }

    String exceptions(String jobId) {
        try {
            return get("/jobs/" + jobId + "/exceptions").path("root-exception").asText("(none)");
        } catch (RuntimeException e) {
            return "(unavailable: " + e.getMessage() + ")";
        }
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private JsonNode post(String path, JsonNode body) {
        try {
            return send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpRequest r = request.timeout(REQUEST_TIMEOUT).build();
        try {
            HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() / 100 != 2) {
                throw new IllegalStateException(r.method() + " " + r.uri().getPath() + " -> HTTP "
                        + resp.statusCode() + ": " + resp.body());
            }
            return JSON.readTree(resp.body());
        } catch (IOException e) {
            throw new UncheckedIOException(r.method() + " " + r.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
