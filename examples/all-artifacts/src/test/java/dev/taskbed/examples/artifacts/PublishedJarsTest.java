package dev.taskbed.examples.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Checks the Taskbed jars this project resolved, as an application receives them: each names its
 * Java module, carries the licence, and has a sources and a Javadoc jar beside it.
 */
class PublishedJarsTest {
  private static final Map<String, String> MODULE_BY_ARTIFACT = Map.of(
      "taskbed-api", "dev.taskbed",
      "taskbed-backend-inmemory", "dev.taskbed.inmemory",
      "taskbed-backend-redis-common", "dev.taskbed.redis",
      "taskbed-backend-redis-jedis", "dev.taskbed.redis.jedis",
      "taskbed-backend-redis-redisson", "dev.taskbed.redis.redisson",
      "taskbed-conformance-tests", "dev.taskbed.conformance",
      "taskbed-micrometer", "dev.taskbed.micrometer",
      "taskbed-opentelemetry", "dev.taskbed.opentelemetry",
      "taskbed-redis-testing", "dev.taskbed.redis.testing");

  @Test
  void every_taskbed_jar_names_its_module_carries_the_licence_and_has_sources_and_javadoc() throws Exception {
    Map<String, Path> jars = taskbedJarsOnTheClassPath();
    assertThat(jars.keySet()).containsExactlyInAnyOrderElementsOf(MODULE_BY_ARTIFACT.keySet());

    for (Map.Entry<String, Path> jar : jars.entrySet()) {
      ModuleDescriptor module = descriptor(jar.getValue());
      assertThat(module.name()).as(jar.getKey() + "'s module name").isEqualTo(MODULE_BY_ARTIFACT.get(jar.getKey()));
      try (JarFile file = new JarFile(jar.getValue().toFile())) {
        assertThat(file.getEntry("META-INF/LICENSE")).as(jar.getKey() + " carries META-INF/LICENSE").isNotNull();
      }
      String base = jar.getValue().getFileName().toString().replaceFirst("\\.jar$", "");
      assertThat(jar.getValue().resolveSibling(base + "-sources.jar")).as(jar.getKey() + " sources").isRegularFile();
      assertThat(jar.getValue().resolveSibling(base + "-javadoc.jar")).as(jar.getKey() + " Javadoc").isRegularFile();
    }
  }

  @Test
  void the_api_is_a_named_module_that_exports_the_api_the_spi_the_environment_and_the_events_only() throws Exception {
    ModuleDescriptor api = descriptor(taskbedJarsOnTheClassPath().get("taskbed-api"));
    assertThat(api.isAutomatic()).isFalse();
    assertThat(api.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("dev.taskbed", "dev.taskbed.spi", "dev.taskbed.env", "dev.taskbed.event");
  }

  /** artifactId → jar, for every jar on the class path whose file is named taskbed-*.jar. */
  private static Map<String, Path> taskbedJarsOnTheClassPath() throws Exception {
    Map<String, Path> jars = new TreeMap<>();
    for (URL manifest : Collections.list(ClassLoader.getSystemClassLoader().getResources("META-INF/MANIFEST.MF"))) {
      if (!"jar".equals(manifest.getProtocol())) {
        continue;
      }
      Path jar = Path.of(((JarURLConnection) manifest.openConnection()).getJarFileURL().toURI());
      String name = jar.getFileName().toString();
      if (name.startsWith("taskbed-") && name.endsWith(".jar") && Files.isRegularFile(jar)) {
        // taskbed-backend-redis-jedis-0.1.0-SNAPSHOT.jar: the artifactId is the directory two levels up.
        jars.put(jar.getParent().getParent().getFileName().toString(), jar);
      }
    }
    return jars;
  }

  private static ModuleDescriptor descriptor(Path jar) {
    return ModuleFinder.of(jar).findAll().stream().map(ModuleReference::descriptor).findFirst().orElseThrow();
  }
}
