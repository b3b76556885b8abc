package dev.onceport.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK as its users get it, after {@code mvn package} (run by Failsafe in {@code mvn verify}):
 * the jar, laid out with its pom in a local repository in a temporary folder outside the
 * repository, is resolved with its declared dependencies by a throwaway project there, and a small
 * program compiled against that class path alone publishes through the real gateway.
 *
 * <p>The throwaway project resolves from the build's own local repository (as a file repository,
 * then Maven Central), so this runs in a network namespace too once the build has run once.
 */
class InstalledJarIT {
  private static final Path REPOSITORY_ROOT = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();

  /** The user's program: publishes one record, then says where its classes came from. */
  private static final String PROGRAM =
      """
      import dev.onceport.sdk.Onceport;
      import dev.onceport.sdk.OnceportClient;
      import dev.onceport.sdk.PublishResult;
      import dev.onceport.sdk.Record;
      import dev.onceport.sdk.RecordResult;
      import dev.onceport.v1.GatewayServiceGrpc;
      import java.util.List;

      public class Main {
        public static void main(String[] args) {
          try (OnceportClient client = Onceport.connect(args[0], args[1])) {
            PublishResult published = client.publish(List.of(Record.of(args[2], "from the jar")));
            RecordResult result = published.results().get(0);
            System.out.println("sdk=" + OnceportClient.class.getProtectionDomain().getCodeSource().getLocation().getPath());
            System.out.println("generated=" + GatewayServiceGrpc.class.getProtectionDomain().getCodeSource().getLocation().getPath());
            System.out.println("version=" + OnceportClient.class.getPackage().getImplementationVersion());
            System.out.println("result=" + result.partition() + "/" + result.offset() + "/" + result.messageId());
          }
        }
      }
      """;

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isEmpty()) throw new IllegalStateException(name + " is not set: run through `mvn verify`");
    return value;
  }

  @Test
  void theSourcesJarHoldsTheSdkAndTheGeneratedSources() throws IOException {
    try (var sources = new JarFile(property("onceport.sourcesJar"))) {
      Set<String> names = sources.stream().map(ZipEntry::getName).collect(Collectors.toSet());
      assertTrue(names.contains("dev/onceport/sdk/OnceportClient.java"), "the SDK's sources");
      assertTrue(names.contains("dev/onceport/v1/GatewayServiceGrpc.java"), "the generated sources");
    }
  }

  @Test
  void theJarWithItsDeclaredDependenciesAloneRunsAProgramOutsideTheRepository(@TempDir Path temp) throws Exception {
    String address = TestEnvironment.address();
    String topic = TestEnvironment.createTopic(1);
    String version = property("onceport.version");
    assertFalse(temp.toRealPath().startsWith(REPOSITORY_ROOT.toRealPath()), "the temporary folder is outside the repository");

    // What `mvn install` would lay out, in a local repository of the test's own.
    Path repository = temp.resolve("repository");
    Path installed = repository.resolve("dev/onceport/onceport-sdk/" + version);
    Files.createDirectories(installed);
    Files.copy(Path.of(property("onceport.jar")), installed.resolve("onceport-sdk-" + version + ".jar"));
    Files.copy(Path.of(property("onceport.pom")), installed.resolve("onceport-sdk-" + version + ".pom"));

    Path project = Files.createDirectories(temp.resolve("app"));
    Files.writeString(project.resolve("pom.xml"), throwawayPom(version));
    Path classpathFile = temp.resolve("classpath.txt");
    run(
        project,
        "mvn",
        "-B",
        "-q",
        "--no-transfer-progress",
        "-Dstyle.color=never",
        "-Dmaven.repo.local=" + repository,
        "dependency:build-classpath",
        "-Dmdep.outputFile=" + classpathFile);
    String classpath = Files.readString(classpathFile).trim();
    List<String> entries = Arrays.asList(classpath.split(":"));
    assertTrue(entries.contains(installed.resolve("onceport-sdk-" + version + ".jar").toString()), classpath);
    for (String entry : entries) {
      assertTrue(Path.of(entry).startsWith(repository), "only the local repository: " + entry);
      // Test and optional dependencies are not the users'.
      assertFalse(entry.contains("/junit/") || entry.contains("/kafka-clients/") || entry.contains("/opentelemetry/"), entry);
    }

    Path sources = Files.createDirectories(project.resolve("src"));
    Files.writeString(sources.resolve("Main.java"), PROGRAM);
    Path classes = project.resolve("classes");
    String javaHome = System.getProperty("java.home");
    run(project, javaHome + "/bin/javac", "-cp", classpath, "-d", classes.toString(), sources.resolve("Main.java").toString());
    String clientId = TestEnvironment.uniqueClientId();
    Map<String, String> said =
        lines(run(project, javaHome + "/bin/java", "-cp", classes + ":" + classpath, "Main", address, clientId, topic));

    String jar = installed.resolve("onceport-sdk-" + version + ".jar").toString();
    assertEquals(jar, said.get("sdk"), "the SDK's classes come from the installed jar");
    assertEquals(jar, said.get("generated"), "the generated classes are in the jar");
    assertEquals(version, said.get("version"), "the manifest's Implementation-Version");
    String[] result = said.get("result").split("/", 3);
    List<KafkaReader.Read> read = KafkaReader.read(TestEnvironment.brokers(), topic, 1, true);
    assertEquals(1, read.size());
    assertEquals(Integer.parseInt(result[0]), read.get(0).partition());
    assertEquals(Long.parseLong(result[1]), read.get(0).offset());
    assertEquals("from the jar", read.get(0).value());
    assertEquals(result[2], read.get(0).messageId());
  }

  /**
   * A project that depends on the SDK and nothing else. It resolves from the build's local
   * repository first, as a remote one: a local repository of its own would otherwise have to
   * download everything.
   */
  private static String throwawayPom(String version) {
    String cache = Path.of(property("onceport.localRepository")).toUri().toString();
    return """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>example</groupId>
          <artifactId>onceport-user</artifactId>
          <version>1</version>
          <dependencies>
            <dependency>
              <groupId>dev.onceport</groupId>
              <artifactId>onceport-sdk</artifactId>
              <version>%1$s</version>
            </dependency>
          </dependencies>
          <repositories>
            <repository><id>build-cache</id><url>%2$s</url></repository>
          </repositories>
          <pluginRepositories>
            <pluginRepository><id>build-cache</id><url>%2$s</url></pluginRepository>
          </pluginRepositories>
          <build>
            <plugins>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-dependency-plugin</artifactId>
                <version>%3$s</version>
              </plugin>
            </plugins>
          </build>
        </project>
        """
        .formatted(version, cache, property("onceport.dependencyPluginVersion"));
  }

  /** Runs a command in dir without the suite's class path; its stdout, or a failure with its output. */
  private static String run(Path dir, String... command) throws IOException, InterruptedException {
    var builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().remove("CLASSPATH");
    builder.environment().remove("MAVEN_OPTS");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int status = process.waitFor();
    assertEquals(0, status, String.join(" ", command) + " failed:\n" + output);
    return output;
  }

  private static Map<String, String> lines(String output) {
    Map<String, String> said = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      int equals = line.indexOf('=');
      if (equals > 0) said.put(line.substring(0, equals), line.substring(equals + 1));
    }
    assertTrue(said.keySet().containsAll(List.of("sdk", "generated", "version", "result")), output);
    return said;
  }
}
