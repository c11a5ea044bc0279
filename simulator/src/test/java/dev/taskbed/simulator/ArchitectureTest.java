package dev.taskbed.simulator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The simulator is a client of Taskbed like any other: it drives workers through {@code Server}
 * and {@code Environment} and brokers through the SPI. {@code dev.taskbed.internal} is not API;
 * a harness that reached into it would test the internals it touches instead of what users get.
 */
class ArchitectureTest {
  /** Main and test classes of the module. */
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS) // this module's classes only, quickly
      .importPackages("dev.taskbed.simulator");

  @Test
  void nothing_in_the_simulator_depends_on_the_runtime_internals() {
    noClasses().that().resideInAPackage("dev.taskbed.simulator..")
        .should().dependOnClassesThat().resideInAPackage("dev.taskbed.internal..")
        .because("dev.taskbed.internal is not API: use Server, Client, Environment and the SPI")
        .check(CLASSES);
  }
}
