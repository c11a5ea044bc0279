package dev.taskbed.opentelemetry;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The tracing module decorates the public {@code Client} and {@code Handler}: it uses the public API
 * only, never the runtime's internals nor a backend.
 */
class ArchitectureTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.taskbed.opentelemetry");

  @Test
  void the_tracing_uses_only_the_public_api_not_the_runtime_nor_a_backend() {
    noClasses().that().resideInAPackage("dev.taskbed.opentelemetry..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.taskbed.internal..", "dev.taskbed.inmemory..",
            "dev.taskbed.redis..", "dev.taskbed.spi..")
        .check(CLASSES);
  }
}
