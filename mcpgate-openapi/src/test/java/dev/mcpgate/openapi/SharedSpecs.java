package dev.mcpgate.openapi;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the real API descriptions in {@code shared/specs}, beside or above the project. */
final class SharedSpecs {

  private SharedSpecs() {}

  /**
   * A file under {@code shared/specs}, found by walking up from the working directory; the
   * calling test is skipped, naming the file, when it is absent.
   */
  static Path require(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("specs").resolve(relative);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    assumeTrue(false, "shared/specs/" + relative + " is missing; test skipped");
    throw new AssertionError("unreachable");
  }
}
