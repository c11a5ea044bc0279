package dev.taskbed.redis.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Layering of the Redis test kit: a user's backend runs its contracts and a user's tests start its
 * fixtures, so it builds on what a user sees (the public API, the SPI, the shared Redis code's
 * public types) and on no Redis driver.
 */
class ArchitectureTest {
  private static final JavaClasses REDIS_TESTING = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
      .importPackages("dev.taskbed.redis.testing");

  @Test
  void the_test_kit_uses_only_the_public_api_and_the_spi_not_the_runtime() {
    noClasses().should().dependOnClassesThat().resideInAPackage("dev.taskbed.internal..")
        .check(REDIS_TESTING);
  }

  @Test
  void the_test_kit_depends_on_no_redis_driver() {
    noClasses().should().dependOnClassesThat()
        .resideInAnyPackage("redis.clients..", "org.redisson..", "io.netty..", "io.lettuce..")
        .because("a backend on any client library runs these contracts and fixtures")
        .check(REDIS_TESTING);
  }

  @Test
  void the_test_kit_does_not_use_the_broker_s_script_table_key_schema_or_record_encoding() {
    noClasses().should().dependOnClassesThat()
        .haveFullyQualifiedName("dev.taskbed.redis.Script")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.taskbed.redis.Keys")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.taskbed.redis.RecordCodec")
        .because("they are not API (issue 12 makes them package-private): name scripts through RedisScripts")
        .check(REDIS_TESTING);
  }
}
