package dev.taskbed.redis.redisson;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Layering of the Redisson backend: it builds on the public API, the SPI, the shared Redis code and
 * Redisson; never on the runtime or another driver.
 */
class ArchitectureTest {
  private static final JavaClasses REDISSON_BACKEND = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.taskbed.redis.redisson");

  @Test
  void the_redisson_backend_uses_only_the_public_api_and_the_spi_not_the_runtime() {
    noClasses().should().dependOnClassesThat().resideInAPackage("dev.taskbed.internal..")
        .check(REDISSON_BACKEND);
  }

  @Test
  void the_redisson_backend_uses_no_other_redis_driver() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("redis.clients..", "io.lettuce..")
        .check(REDISSON_BACKEND);
  }
}
