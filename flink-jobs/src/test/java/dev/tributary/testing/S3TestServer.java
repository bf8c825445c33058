package dev.tributary.testing;

import org.apache.flink.configuration.Configuration;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A real S3-compatible endpoint inside the test JVM: s3proxy over jclouds' in-memory {@code
 * transient} blob store, listening on {@code http://127.0.0.1:<free port>} with AWS signature V2/V4
 * authentication and one bucket created at start.
 *
 * <p>Flink reaches it through the {@code flink-s3-fs-hadoop} plugin (see {@link S3Plugin}) with the
 * keys from {@link #flinkConfiguration()}. Tests read results back through the blob store ({@link
 * #listKeys}, {@link #download}, {@link #readString}), not through Flink.
 *
 * <p>Registered as a JUnit 5 extension it also installs the S3 plugin for the test class and
 * removes it afterwards:
 *
 * <pre>{@code
 * @RegisterExtension static final S3TestServer S3 = new S3TestServer("lake");
 * // ... FileSink.forRowFormat(new Path(S3.uri("orders/")), ...)
 * }</pre>
 *
 * <p>Objects live in memory only and vanish on {@link #close()}; keep test data small (the heap is
 * shared with the MiniCluster and the other servers).
 */
public final class S3TestServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    /** The bucket created when no name is given. */
    public static final String DEFAULT_BUCKET = "tributary";

    private static final Logger LOG = LoggerFactory.getLogger(S3TestServer.class);
    private static final String ACCESS_KEY = "tributary-access";
    private static final String SECRET_KEY = "tributary-secret";

    private final String bucket;

    @Nullable private BlobStoreContext context;
    @Nullable private S3Proxy proxy;
    @Nullable private String endpoint;
    @Nullable private S3Plugin plugin;

    /** A server with the bucket {@value #DEFAULT_BUCKET}. */
    public S3TestServer() {
        this(DEFAULT_BUCKET);
    }

    /** A server that creates {@code bucket} on start. */
    public S3TestServer(String bucket) {
        this.bucket = bucket;
    }

    /**
     * Starts s3proxy on a free loopback port and creates the bucket.
     *
     * @throws IllegalStateException if already started
     * @throws Exception if the server does not start (it is closed again first)
     */
    public synchronized void start() throws Exception {
        if (proxy != null) {
            throw new IllegalStateException("S3 test server already started");
        }
        long startNanos = System.nanoTime();
        try {
            context =
                    ContextBuilder.newBuilder("transient")
                            .credentials("identity", "credential")
                            .build(BlobStoreContext.class);
            context.getBlobStore().createContainerInLocation(null, bucket);
            proxy =
                    S3Proxy.builder()
                            .blobStore(context.getBlobStore())
                            .endpoint(URI.create("http://127.0.0.1:0"))
                            .awsAuthentication(
                                    AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                            .build();
            proxy.start();
            S3Proxy started = proxy;
            Waiting.waitUntil(
                    () -> "STARTED".equals(started.getState()),
                    Duration.ofSeconds(30),
                    "s3proxy started");
            endpoint = "http://127.0.0.1:" + proxy.getPort();
            LOG.info(
                    "S3 test server on {} (bucket {}) started in {} ms",
                    endpoint,
                    bucket,
                    Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String endpoint() {
        if (endpoint == null) {
            throw new IllegalStateException("S3 test server not started");
        }
        return endpoint;
    }

    /** The bucket created at start. */
    public String bucket() {
        return bucket;
    }

    /** The access key the server accepts. */
    public String accessKey() {
        return ACCESS_KEY;
    }

    /** The secret key the server accepts. */
    public String secretKey() {
        return SECRET_KEY;
    }

    /** {@code s3a://<bucket>/<key>}, for Flink paths. */
    public String uri(String key) {
        return "s3a://" + bucket + "/" + stripLeadingSlash(key);
    }

    /**
     * The Flink configuration that points {@code flink-s3-fs-hadoop} at this server: endpoint,
     * path-style access, credentials, and {@code fs.s3a.directory.marker.retention=keep} (without
     * it, committing a file stalls for many seconds deleting directory markers). A fresh copy per
     * call; pass it to {@link S3Plugin#install} and, if wanted, to the MiniCluster or environment.
     */
    public Configuration flinkConfiguration() {
        Configuration conf = new Configuration();
        conf.setString("s3.endpoint", endpoint());
        conf.setString("s3.path.style.access", "true");
        conf.setString("s3.access-key", ACCESS_KEY);
        conf.setString("s3.secret-key", SECRET_KEY);
        conf.setString("fs.s3a.directory.marker.retention", "keep");
        // Fail fast in tests instead of retrying an unreachable endpoint for minutes.
        conf.setString("fs.s3a.attempts.maximum", "3");
        conf.setString("fs.s3a.retry.limit", "3");
        return conf;
    }

    /**
     * Keys of all objects in the bucket under {@code prefix} (recursively), sorted. Directory
     * markers (keys ending in {@code /}) are left out.
     */
    public List<String> listKeys(String prefix) {
        BlobStore store = blobStore();
        List<String> keys = new ArrayList<>();
        ListContainerOptions options =
                ListContainerOptions.Builder.prefix(stripLeadingSlash(prefix)).recursive();
        while (true) {
            PageSet<? extends StorageMetadata> page = store.list(bucket, options);
            for (StorageMetadata metadata : page) {
                if (metadata.getType() == StorageType.BLOB && !metadata.getName().endsWith("/")) {
                    keys.add(metadata.getName());
                }
            }
            if (page.getNextMarker() == null) {
                break;
            }
            options = options.afterMarker(page.getNextMarker());
        }
        Collections.sort(keys);
        return keys;
    }

    /**
     * Copies the object {@code key} to {@code localPath} (replacing it), for example to read a
     * Parquet file back with parquet-java.
     *
     * @throws IllegalArgumentException if there is no such object
     */
    public void download(String key, Path localPath) throws IOException {
        try (InputStream in = openObject(key)) {
            if (localPath.getParent() != null) {
                Files.createDirectories(localPath.getParent());
            }
            Files.copy(in, localPath, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The object {@code key} decoded as UTF-8. */
    public String readString(String key) {
        try (InputStream in = openObject(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private InputStream openObject(String key) throws IOException {
        Blob blob = blobStore().getBlob(bucket, stripLeadingSlash(key));
        if (blob == null) {
            throw new IllegalArgumentException("No object s3://" + bucket + "/" + key);
        }
        return blob.getPayload().openStream();
    }

    /** The backing jclouds store, for anything the helpers above do not cover. */
    public BlobStore blobStore() {
        if (context == null) {
            throw new IllegalStateException("S3 test server not started");
        }
        return context.getBlobStore();
    }

    private static String stripLeadingSlash(String key) {
        return key.startsWith("/") ? key.substring(1) : key;
    }

    /** Stops the server and drops all objects. Safe to call more than once. */
    @Override
    public synchronized void close() throws Exception {
        try {
            if (proxy != null) {
                proxy.stop();
            }
        } finally {
            proxy = null;
            endpoint = null;
            if (context != null) {
                context.close();
                context = null;
            }
        }
    }

    /** Starts the server and installs the S3 plugin for the test class. */
    @Override
    public void beforeAll(ExtensionContext extensionContext) throws Exception {
        start();
        plugin = S3Plugin.install(flinkConfiguration());
    }

    /** Uninstalls the S3 plugin and stops the server. */
    @Override
    public void afterAll(ExtensionContext extensionContext) throws Exception {
        try {
            if (plugin != null) {
                plugin.close();
                plugin = null;
            }
        } finally {
            close();
        }
    }
}
