package dev.taskbed.redis;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Layering of the shared Redis code: built on the public API and the SPI only, and independent of
 * every Redis driver, so no driver type can appear in its public signatures; each driver lives in
 * its own module (backend-redis-jedis, backend-redis-redisson), which checks its own rules.
 */
class ArchitectureTest {
  private static final JavaClasses REDIS_COMMON = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.taskbed.redis");

  @Test
  void the_shared_redis_code_uses_only_the_public_api_and_the_spi_not_the_runtime() {
    noClasses().should().dependOnClassesThat().resideInAPackage("dev.taskbed.internal..")
        .check(REDIS_COMMON);
  }

  @Test
  void the_shared_redis_code_depends_on_no_redis_driver() {
    noClasses().should().dependOnClassesThat()
        .resideInAnyPackage("redis.clients..", "org.redisson..", "io.netty..", "io.lettuce..")
        .because("both backends share this code through RedisDriver; a driver type here would reach the other driver's users")
        .check(REDIS_COMMON);
  }

  @Test
  void only_the_broker_its_settings_and_the_driver_interface_are_public() {
    assertThat(REDIS_COMMON.stream()
        .filter(c -> c.getPackageName().equals("dev.taskbed.redis") && c.isTopLevelClass()
            && c.getModifiers().contains(JavaModifier.PUBLIC))
        .map(JavaClass::getSimpleName))
        .as("the key schema, the scripts, the record encoding and the broker's parts stay package-private")
        .containsExactlyInAnyOrder("RedisBroker", "RedisBrokerConfig", "RedisBrokerSettings", "ServerReport",
            "RedisDriver", "RedisDriverException", "ScriptCall", "WaitedReplies",
            // a read-only view of the scripts by file name (text, SHA-1), for redis-testing's fault
            // injection and script-cache checks; Script itself stays package-private
            "RedisScripts");
  }
}
