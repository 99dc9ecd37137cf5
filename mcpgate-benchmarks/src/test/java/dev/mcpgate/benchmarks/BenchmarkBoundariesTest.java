package dev.mcpgate.benchmarks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks measure mcpgate as its users get it: through public API only, never a module's
 * {@code .internal} packages (the rule {@code ModuleBoundariesTest} holds the library modules
 * to).
 */
class BenchmarkBoundariesTest {

  private static final JavaClasses BENCHMARKS = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.mcpgate.benchmarks");

  @Test
  void noBenchmarkUsesAnInternalPackage() {
    assertThat(BENCHMARKS).as("benchmark classes found").isNotEmpty();
    noClasses()
        .should().dependOnClassesThat().resideInAPackage("dev.mcpgate..internal..")
        .because("a benchmark measures what users can call; internals may change at will")
        .check(BENCHMARKS);
  }
}
