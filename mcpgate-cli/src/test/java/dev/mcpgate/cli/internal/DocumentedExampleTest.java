package dev.mcpgate.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The complete example in docs/configuration.md is a valid configuration. */
class DocumentedExampleTest {

  @TempDir Path dir;

  @Test
  void theCompleteExampleInTheDocsIsValid() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
    int start = doc.indexOf("## A complete example");
    int open = doc.indexOf("```yaml\n", start) + "```yaml\n".length();
    String yaml = doc.substring(open, doc.indexOf("```\n", open));
    Files.createDirectories(dir.resolve("specs"));
    Files.writeString(dir.resolve("specs/pets.yaml"), "openapi: 3.0.3\n");
    Files.writeString(dir.resolve("specs/stripe.json"), "{}");

    List<String> problems;
    try {
      ConfigLoader.parse(yaml, dir.resolve("mcpgate.yaml"), "configuration.md");
      problems = List.of();
    } catch (ConfigException e) {
      problems = e.problems();
    }

    // /run/secrets does not exist on a build machine; nothing else may be wrong.
    assertThat(problems).allMatch(p -> p.startsWith("secrets.files: no such directory"));
  }
}
