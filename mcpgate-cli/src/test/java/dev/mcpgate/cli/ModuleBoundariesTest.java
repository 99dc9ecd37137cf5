package dev.mcpgate.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No module uses another module's {@code .internal} packages: what modules share is public API.
 * The CLI's test class path holds every library module (api, core, openapi, servlet, control,
 * testkit, cli), so their compiled main classes are checked here. The benchmarks module, which no
 * library depends on, holds itself to the same rule in its own {@code BenchmarkBoundariesTest}.
 */
class ModuleBoundariesTest {

  private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.mcpgate");

  @ParameterizedTest(name = "dev.mcpgate.{0}.internal is used by {0} only")
  @ValueSource(strings = {"api", "core", "openapi", "servlet", "control", "testkit", "cli"})
  void noOtherModuleUsesAModulesInternalPackages(String module) {
    String root = "dev.mcpgate." + module;
    noClasses()
        .that().resideOutsideOfPackage(root + "..")
        .should().dependOnClassesThat().resideInAPackage(root + ".internal..")
        .because("what modules share is public API, documented; internals may change at will")
        .check(MAIN_CLASSES);
  }

  @Test
  void everyLibraryModuleIsChecked() {
    List<String> modules = MAIN_CLASSES.stream()
        .map(JavaClass::getPackageName)
        .map(name -> name.split("\\.")[2])
        .distinct()
        .toList();

    assertThat(modules)
        .contains("api", "core", "openapi", "servlet", "control", "testkit", "cli");
  }
}
