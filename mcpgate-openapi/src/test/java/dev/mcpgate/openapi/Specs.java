package dev.mcpgate.openapi;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared real API descriptions ({@code shared/specs}) from any working directory. */
final class Specs {

  private Specs() {}

  /**
   * The path of a shared spec, skipping the calling test when it is absent.
   *
   * @param relative such as {@code openapi/stripe.com.json}
   * @return the file
   */
  static Path require(String relative) {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("shared").resolve("specs").resolve(relative);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    assumeTrue(false, "missing shared/specs/" + relative + " (looked upwards from "
        + Path.of("").toAbsolutePath() + "); test skipped");
    throw new AssertionError("unreachable");
  }
}
