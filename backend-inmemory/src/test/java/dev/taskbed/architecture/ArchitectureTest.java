package dev.taskbed.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.taskbed.env.Environment;
import java.time.Clock;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Layering and determinism rules for the in-memory backend and the runtime it runs under. The api
 * module checks its own layering (SPI without the runtime, no driver, no backend); every backend and
 * the conformance kit check in their own ArchitectureTest that their main code uses only the public
 * API and the SPI, never the runtime.
 */
class ArchitectureTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.taskbed");

  @Test
  void the_in_memory_backend_uses_only_the_public_api_and_the_spi_not_the_runtime() {
    ArchRule rule = noClasses().that().resideInAPackage("dev.taskbed.inmemory..")
        .should().dependOnClassesThat().resideInAPackage("dev.taskbed.internal..");
    rule.check(CLASSES);
  }

  @Test
  void the_runtime_and_the_in_memory_backend_take_time_threads_and_randomness_only_from_their_environment() {
    ArchRule rule = noClasses()
        .that().resideInAnyPackage("dev.taskbed.internal..", "dev.taskbed.inmemory..", "dev.taskbed.env..")
        .and().doNotHaveSimpleName("SystemEnvironment")
        .should().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .orShould().callMethod(Thread.class, "sleep", long.class)
        .orShould().callMethod(UUID.class, "randomUUID")
        .orShould().callMethod(Math.class, "random")
        .orShould().callMethod(ThreadLocalRandom.class, "current")
        .orShould().callMethod(Clock.class, "systemUTC")
        .orShould().callMethod(Clock.class, "systemDefaultZone")
        .orShould().callConstructor(Thread.class, Runnable.class)
        .orShould().callConstructor(Thread.class, Runnable.class, String.class)
        .orShould().callConstructor(Random.class)
        .because("simulations replay from a seed only if every source of time and randomness is injected ("
            + Environment.class.getSimpleName() + ")");
    rule.check(CLASSES);
  }
}
