package dev.tributary.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/ stays consistent with the build: the Dockerfile's base image matches the pom's Flink
 * version and copies the jar the shade plugin names; the FlinkDeployment runs that jar from that
 * image with the settings production needs; the local stack builds the same image.
 */
class DeployManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static Path root;
    private static String version;
    private static String flinkVersion;
    private static String jobJarName;
    private static String dockerfile;

    @BeforeAll
    static void readBuild() throws Exception {
        root = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        if (!Files.exists(root.resolve("deploy"))) {
            root = root.getParent();
        }
        Element rootPom = pom(root.resolve("pom.xml"));
        version = text(rootPom, "version");
        flinkVersion = text((Element) rootPom.getElementsByTagName("properties").item(0), "flink.version");
        Element jobsPom = pom(root.resolve("flink-jobs/pom.xml"));
        jobJarName = text((Element) jobsPom.getElementsByTagName("properties").item(0), "job.jar.name")
                .replace("${project.version}", version) + ".jar";
        dockerfile = Files.readString(root.resolve("deploy/docker/Dockerfile"));
    }

    @Test
    void dockerfileUsesTheOfficialJava17ImageOfThePomsFlinkVersionWithTheS3Plugin() {
        assertThat(dockerfile).containsPattern("(?m)^FROM flink:" + Pattern.quote(flinkVersion) + "-java17$");
        assertThat(dockerfile).contains("/opt/flink/opt/flink-s3-fs-hadoop-" + flinkVersion + ".jar /opt/flink/plugins/s3-fs-hadoop/");
        assertThat(dockerfile).containsPattern("(?m)^ARG TRIBUTARY_VERSION=" + Pattern.quote(version) + "$");
    }

    @Test
    void dockerfileCopiesTheShadedJarIntoUsrlib() {
        String copied = copySource().replace("${TRIBUTARY_VERSION}", version);
        assertThat(copied).isEqualTo("flink-jobs/target/" + jobJarName);
        assertThat(imageJarPath()).startsWith("/opt/flink/usrlib/").endsWith(".jar");
    }

    @Test
    void flinkDeploymentRunsTheImagesJarInApplicationModeWithDurableState() throws IOException {
        JsonNode d = only(documents(root.resolve("deploy/k8s/reference-pipeline.yaml")), "FlinkDeployment");
        assertThat(d.path("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
        JsonNode spec = d.path("spec");
        assertThat(spec.path("image").asText()).isEqualTo(imageName());
        assertThat(spec.path("flinkVersion").asText()).isEqualTo("v" + flinkVersion.replaceAll("^(\\d+)\\.(\\d+).*", "$1_$2"));
        assertThat(spec.path("serviceAccount").asText()).isNotEmpty();

        JsonNode job = spec.path("job");
        assertThat(job.path("jarURI").asText()).isEqualTo("local://" + imageJarPath());
        assertThat(job.path("entryClass").asText()).isEqualTo("dev.tributary.jobs.cli.TributaryCli");
        assertThat(texts(job.path("args"))).startsWith("run", "--pipeline");
        List<String> args = texts(job.path("args"));
        assertThat(args.get(args.indexOf("--lake") + 1)).startsWith("s3a://");
        assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(job.path("parallelism").asInt()).isPositive();
        assertThat(job.path("allowNonRestoredState").asBoolean(true)).isFalse();

        JsonNode conf = spec.path("flinkConfiguration");
        assertThat(conf.path("state.backend.type").asText()).isEqualTo("rocksdb");
        assertThat(conf.path("execution.checkpointing.incremental").asText()).isEqualTo("true");
        for (String key : List.of("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir",
                "high-availability.storageDir")) {
            assertThat(conf.path(key).asText()).as(key).startsWith("s3a://");
        }
        assertThat(conf.path("execution.checkpointing.interval").asText()).isNotEmpty();
        assertThat(conf.path("high-availability.type").asText()).isEqualTo("kubernetes");
        assertThat(conf.path("restart-strategy.type").asText()).isNotEmpty();
        for (String component : List.of("jobManager", "taskManager")) {
            assertThat(spec.path(component).path("resource").path("memory").asText()).as(component).isNotEmpty();
            assertThat(spec.path(component).path("resource").path("cpu").isNumber()).as(component).isTrue();
        }
    }

    @Test
    void flinkDeploymentTakesSecretsAndThePipelineFromKubernetesObjects() throws IOException {
        JsonNode spec = only(documents(root.resolve("deploy/k8s/reference-pipeline.yaml")), "FlinkDeployment").path("spec");
        JsonNode pod = spec.path("podTemplate").path("spec");
        JsonNode container = pod.path("containers").path(0);
        assertThat(container.path("name").asText()).isEqualTo("flink-main-container");

        List<JsonNode> secrets = documents(root.resolve("deploy/k8s/secrets.example.yaml"));
        String s3Secret = container.path("envFrom").path(0).path("secretRef").path("name").asText();
        assertThat(secret(secrets, s3Secret).path("stringData").has("AWS_ACCESS_KEY_ID")).isTrue();
        assertThat(secret(secrets, s3Secret).path("stringData").has("AWS_SECRET_ACCESS_KEY")).isTrue();
        JsonNode piiEnv = null;
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().equals("TRIBUTARY_PII_KEY")) {
                piiEnv = env;
            }
        }
        assertThat(piiEnv).as("TRIBUTARY_PII_KEY env").isNotNull();
        JsonNode ref = piiEnv.path("valueFrom").path("secretKeyRef");
        assertThat(secret(secrets, ref.path("name").asText()).path("stringData").has(ref.path("key").asText())).isTrue();

        String pipelineArg = texts(spec.path("job").path("args")).get(2);
        String mountPath = container.path("volumeMounts").path(0).path("mountPath").asText();
        assertThat(pipelineArg).startsWith(mountPath + "/");
        assertThat(pod.path("volumes").path(0).path("configMap").path("name").asText()).isNotEmpty();
    }

    @Test
    void localStackBuildsTheSameImageAndHasEveryComponent() throws IOException {
        JsonNode services = documents(root.resolve("deploy/local-stack/compose.yaml")).get(0).path("services");
        assertThat(services.fieldNames()).toIterable()
                .contains("kafka", "postgres", "minio", "jobmanager", "taskmanager");
        assertThat(texts(services.path("postgres").path("command"))).contains("wal_level=logical");
        JsonNode jm = services.path("jobmanager");
        assertThat(jm.path("build").path("dockerfile").asText()).isEqualTo("deploy/docker/Dockerfile");
        assertThat(root.resolve("deploy/local-stack").resolve(jm.path("build").path("context").asText())
                .resolve(jm.path("build").path("dockerfile").asText()).normalize())
                .isEqualTo(root.resolve("deploy/docker/Dockerfile").normalize());
        assertThat(jm.path("image").asText()).isEqualTo(imageName());
        assertThat(services.path("taskmanager").path("image").asText()).isEqualTo(imageName());
        assertThat(jm.path("environment").path("FLINK_PROPERTIES").asText()).contains("s3.endpoint: http://minio:9000");
    }

    /** The image name the Dockerfile's build comment and every manifest use. */
    private static String imageName() {
        Matcher m = Pattern.compile("-t (\\S+) \\.").matcher(dockerfile);
        assertThat(m.find()).as("docker build -t <image> in the Dockerfile's comment").isTrue();
        assertThat(m.group(1)).endsWith(":" + version);
        return m.group(1);
    }

    private static String copySource() {
        return copyLine()[0];
    }

    private static String imageJarPath() {
        return copyLine()[1];
    }

    private static String[] copyLine() {
        Matcher m = Pattern.compile("(?m)^COPY (?:--\\S+ )*(\\S+\\.jar) (\\S+)$").matcher(dockerfile);
        assertThat(m.find()).as("a COPY of the job jar in the Dockerfile").isTrue();
        return new String[] {m.group(1), m.group(2)};
    }

    private static JsonNode secret(List<JsonNode> docs, String name) {
        for (JsonNode d : docs) {
            if (d.path("kind").asText().equals("Secret") && d.path("metadata").path("name").asText().equals(name)) {
                return d;
            }
        }
        throw new AssertionError("no Secret '" + name + "' in secrets.example.yaml");
    }

    private static JsonNode only(List<JsonNode> docs, String kind) {
        List<JsonNode> found = new ArrayList<>();
        docs.stream().filter(d -> d.path("kind").asText().equals(kind)).forEach(found::add);
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
            while (it.hasNext()) {
                docs.add(it.next());
            }
        }
        return docs;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Element pom(Path file) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        return doc.getDocumentElement();
    }

    /** The text of a direct child element. */
    private static String text(Element parent, String child) {
        for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && ((Element) n).getTagName().equals(child)) {
                return n.getTextContent().trim();
            }
        }
        throw new AssertionError("no <" + child + "> in <" + parent.getTagName() + ">");
    }
}
