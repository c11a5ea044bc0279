package dev.taskbed.chaos;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The chaos suite tests Taskbed from outside, as a user deploys it: through the public API, the
 * SPI and the simulator's fault harness, never through {@code dev.taskbed.internal}.
 */
class ArchitectureTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS) // this module's classes only, quickly
      .importPackages("dev.taskbed.chaos");

  @Test
  void nothing_in_the_chaos_suite_depends_on_the_runtime_internals() {
    noClasses().that().resideInAPackage("dev.taskbed.chaos..")
        .should().dependOnClassesThat().resideInAPackage("dev.taskbed.internal..")
        .because("dev.taskbed.internal is not API: use Server, Client, Environment, the SPI and the harness")
        .check(CLASSES);
  }
}
