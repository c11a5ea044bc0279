package dev.taskbed.conformance;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Layering of the conformance kit's main code: it judges a backend through the SPI against its own
 * reference model, so it needs neither the runtime nor any backend.
 */
class ArchitectureTest {
  private static final JavaClasses KIT = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.taskbed.conformance");

  @Test
  void the_kit_uses_only_the_public_api_and_the_spi_not_the_runtime() {
    noClasses().should().dependOnClassesThat().resideInAPackage("dev.taskbed.internal..")
        .because("a backend author runs the kit against the published API and SPI, which is all it may rely on")
        .check(KIT);
  }

  @Test
  void the_kit_depends_on_no_backend() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.taskbed.inmemory..", "dev.taskbed.redis..")
        .because("the reference model, not a backend, is the kit's judge")
        .check(KIT);
  }
}
