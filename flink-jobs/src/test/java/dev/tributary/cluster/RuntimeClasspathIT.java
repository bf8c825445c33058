package dev.tributary.cluster;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test dependencies must not change what runs. Maven mediates one version (and one scope) per artifact over
 * the whole graph, test dependencies included: a test server that is a nearer path for a runtime jar picks its
 * version, and may widen its own subtree into provided/runtime scope. This resolves {@code flink-jobs/pom.xml}
 * without its test dependencies (a throw-away reactor with the real sibling modules, {@code dependency:tree}:
 * only POMs, all already in the local repository after the build) and requires {@code ./tributary}'s two
 * classpath files to be exactly that resolution, per scope, and the job jar to hold every runtime artifact
 * that the shade configuration does not exclude. On a failure: exclude the artifact from the test dependency
 * that drags it in, or declare it, in {@code flink-jobs/pom.xml}.
 */
class RuntimeClasspathIT {

    private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();
    private static final Path TARGET = ROOT.resolve("flink-jobs/target");
    private static final Pattern TREE_LINE = Pattern.compile("^[|+\\\\\\- ]*([^: ]+):([^: ]+):([^: ]+):(?:([^: ]+):)?([^: ]+):([a-z]+)");

    /** artifactId:version[:classifier] -> scope, of flink-jobs resolved without test dependencies. */
    private static Map<String, String> withoutTests;

    @BeforeAll
    static void resolveWithoutTestDependencies(@TempDir Path work) throws Exception {
        Path module = Files.createDirectories(work.resolve("flink-jobs"));
        Document pom = parse(ROOT.resolve("flink-jobs/pom.xml"));
        Element project = pom.getDocumentElement();
        for (Element dep : children(child(project, "dependencies"), "dependency")) {
            if ("test".equals(text(dep, "scope"))) {
                dep.getParentNode().removeChild(dep);
            }
        }
        project.removeChild(child(project, "build"));
        write(pom, module.resolve("pom.xml"));

        Document root = parse(ROOT.resolve("pom.xml"));
        Element modules = child(root.getDocumentElement(), "modules");
        for (Element m : children(modules, "module")) {
            modules.removeChild(m);
        }
        for (String m : List.of(
                work.relativize(ROOT.resolve("common-transforms")).toString(),
                work.relativize(ROOT.resolve("quality-rules")).toString(), "flink-jobs")) {
            Element e = root.createElementNS(modules.getNamespaceURI(), "module");
            e.setTextContent(m);
            modules.appendChild(e);
        }
        write(root, work.resolve("pom.xml"));

        Path tree = work.resolve("tree.txt");
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("mvnw").toString(), "-B", "-q", "-nsu",
                "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:tree",
                "-DoutputFile=" + tree, "-DappendOutput=true"));
        if (System.getProperty("maven.repo.local") != null) {
            command.add("-Dmaven.repo.local=" + System.getProperty("maven.repo.local"));
        }
        Process mvn = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("mvn.log").toFile()).start();
        assertThat(mvn.waitFor(5, TimeUnit.MINUTES)).as("dependency:tree finished").isTrue();
        assertThat(mvn.exitValue()).as("dependency:tree without test deps:%n%s", Files.readString(work.resolve("mvn.log")))
                .isZero();

        withoutTests = new TreeMap<>();
        boolean inJobs = false;
        for (String line : Files.readAllLines(tree)) {
            if (!line.startsWith(" ") && !line.startsWith("|") && !line.startsWith("+") && !line.startsWith("\\")) {
                inJobs = line.startsWith("dev.tributary:flink-jobs:");
                continue;
            }
            Matcher m = TREE_LINE.matcher(line);
            if (inJobs && m.find() && !m.group(1).equals("dev.tributary")) {
                withoutTests.put(key(m.group(2), m.group(5), m.group(4)), m.group(6));
            }
        }
        assertThat(withoutTests).as("resolution without test dependencies").hasSizeGreaterThan(50);
    }

    @Test
    void launcherClasspathIsTheResolutionWithoutTestDependencies() throws IOException {
        // tributary.classpath: includeScope=compile (compile + provided + system).
        assertSame("target/tributary.classpath", keys(TARGET.resolve("tributary.classpath")),
                inScopes(Set.of("compile", "provided", "system")));
        // tributary-runtime.classpath: includeScope=runtime (compile + runtime): what the job jar is made of.
        assertSame("target/tributary-runtime.classpath", keys(TARGET.resolve("tributary-runtime.classpath")),
                inScopes(Set.of("compile", "runtime")));
    }

    private static void assertSame(String file, List<String> actual, List<String> expected) {
        Set<String> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        assertThat(Map.of("only on the classpath (a test dependency lifted or added it)", extra,
                        "only without test dependencies (a test dependency replaced or hid it)", missing))
                .as("%s vs flink-jobs resolved without test dependencies (artifactId:version)", file)
                .allSatisfy((what, artifacts) -> assertThat(artifacts).as(what).isEmpty());
        assertThat(actual).as("%s has no duplicates", file).doesNotHaveDuplicates();
    }

    @Test
    void jobJarHoldsEveryRuntimeArtifactThatIsNotExcluded() throws Exception {
        List<String> excludes = new ArrayList<>();
        // The job jar's shade excludes live in the parent pom's pluginManagement (shared with the demo's jar).
        NodeList nodes = parse(ROOT.resolve("pom.xml")).getElementsByTagName("artifactSet");
        for (Element exclude : children(child((Element) nodes.item(0), "excludes"), "exclude")) {
            excludes.add(exclude.getTextContent().trim());
        }
        Set<String> jar = new TreeSet<>();
        try (ZipFile z = new ZipFile(ClusterTestPaths.jobJar().toFile())) {
            z.stream().forEach(e -> jar.add(e.getName()));
        }
        List<String> missing = new ArrayList<>();
        for (String entry : classpath(TARGET.resolve("tributary-runtime.classpath"))) {
            Path file = Paths.get(entry);
            String coordinates = groupOf(file) + ":" + file.getParent().getParent().getFileName();
            if (!entry.endsWith(".jar") || coordinates.startsWith("dev.tributary:")
                    || excludes.stream().anyMatch(x -> matches(x, coordinates))) {
                continue;
            }
            String aClass = firstClass(file);
            if (aClass != null && !jar.contains(aClass)) {
                missing.add(coordinates + " (" + aClass + ")");
            }
        }
        assertThat(missing).as("runtime artifacts missing from the job jar").isEmpty();
    }

    private static List<String> inScopes(Set<String> scopes) {
        return withoutTests.entrySet().stream().filter(e -> scopes.contains(e.getValue())).map(Map.Entry::getKey).toList();
    }

    private static List<String> keys(Path classpathFile) throws IOException {
        List<String> keys = new ArrayList<>();
        for (String entry : classpath(classpathFile)) {
            Path file = Paths.get(entry);
            if (entry.startsWith(ROOT.toString()) || "dev.tributary".equals(groupOf(file))) {
                continue; // our own modules (reactor output or installed)
            }
            String artifact = file.getParent().getParent().getFileName().toString();
            String version = file.getParent().getFileName().toString();
            String name = file.getFileName().toString();
            String rest = name.substring((artifact + "-" + version).length(), name.lastIndexOf('.'));
            keys.add(key(artifact, version, rest.isEmpty() ? null : rest.substring(1)));
        }
        return keys;
    }

    private static List<String> classpath(Path file) throws IOException {
        assertThat(file).as("written by `package` (maven-dependency-plugin build-classpath)").isRegularFile();
        return List.of(Files.readString(file, StandardCharsets.UTF_8).trim().split(":"));
    }

    /** The group of a jar in a Maven repository: the folders between the repository root and artifactId/version/. */
    private static String groupOf(Path jar) {
        Path repo = Paths.get(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"))
                .toAbsolutePath().normalize();
        Path artifactDir = jar.getParent().getParent();
        return artifactDir.startsWith(repo) ? repo.relativize(artifactDir.getParent()).toString().replace('/', '.') : "";
    }

    private static String key(String artifact, String version, String classifier) {
        return artifact + ":" + version + (classifier == null ? "" : ":" + classifier);
    }

    private static boolean matches(String pattern, String coordinates) {
        String regex = Pattern.quote(pattern).replace("*", "\\E.*\\Q");
        return coordinates.matches(regex);
    }

    private static String firstClass(Path jar) throws IOException {
        try (ZipFile z = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")) {
                    return name;
                }
            }
        }
        return null;
    }

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    private static void write(Document doc, Path file) throws Exception {
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(file.toFile()));
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        assertThat(found).as("<%s> under <%s>", name, parent.getTagName()).hasSize(1);
        return found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> result = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                result.add(e);
            }
        }
        return result;
    }

    private static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0).getTextContent().trim();
    }
}
