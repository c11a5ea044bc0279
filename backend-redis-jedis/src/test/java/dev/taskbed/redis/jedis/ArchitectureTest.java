package dev.taskbed.redis.jedis;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Layering of the Jedis backend: it builds on the public API, the SPI, the shared Redis code and
 * Jedis; never on the runtime or another driver.
 */
class ArchitectureTest {
  private static final JavaClasses JEDIS_BACKEND = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.taskbed.redis.jedis");

  @Test
  void the_jedis_backend_uses_only_the_public_api_and_the_spi_not_the_runtime() {
    noClasses().should().dependOnClassesThat().resideInAPackage("dev.taskbed.internal..")
        .check(JEDIS_BACKEND);
  }

  @Test
  void the_jedis_backend_uses_no_other_redis_driver() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("org.redisson..", "io.netty..", "io.lettuce..")
        .check(JEDIS_BACKEND);
  }
}
