package dev.taskbed;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Layering of the api module: the SPI and the environment stand on their own, the runtime
 * ({@code dev.taskbed.internal}) is not exported, and nothing here knows a driver or a backend.
 * Every other module checks in its own ArchitectureTest that its main code does not use the runtime.
 */
class ArchitectureTest {
  private static final JavaClasses API = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.taskbed");

  @Test
  void the_spi_and_the_environment_do_not_depend_on_the_runtime() {
    noClasses().that().resideInAnyPackage("dev.taskbed.spi..", "dev.taskbed.env..")
        .should().dependOnClassesThat().resideInAPackage("dev.taskbed.internal..")
        .because("a backend is written against the SPI alone, and the runtime may change without it")
        .check(API);
  }

  @Test
  void the_api_depends_on_no_redis_or_network_driver() {
    noClasses().should().dependOnClassesThat()
        .resideInAnyPackage("redis.clients..", "org.redisson..", "io.netty..", "io.lettuce..")
        .check(API);
  }

  @Test
  void the_api_depends_on_no_backend_or_test_kit() {
    noClasses().should().dependOnClassesThat()
        .resideInAnyPackage("dev.taskbed.inmemory..", "dev.taskbed.redis..", "dev.taskbed.conformance..",
            "dev.taskbed.simulator..", "dev.taskbed.chaos..")
        .check(API);
  }

  @Test
  void the_module_exports_the_api_the_spi_the_environment_and_the_events_but_not_the_runtime() throws Exception {
    Path classes = Path.of(Task.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ModuleDescriptor module = ModuleFinder.of(classes).findAll().stream()
        .map(ModuleReference::descriptor).findFirst().orElseThrow();

    assertThat(module.name()).isEqualTo("dev.taskbed");
    assertThat(module.isOpen()).isFalse();
    assertThat(module.opens()).isEmpty();
    assertThat(module.exports()).noneMatch(ModuleDescriptor.Exports::isQualified);
    assertThat(module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("dev.taskbed", "dev.taskbed.spi", "dev.taskbed.env", "dev.taskbed.event");
    assertThat(module.packages()).contains("dev.taskbed.internal");
  }
}
