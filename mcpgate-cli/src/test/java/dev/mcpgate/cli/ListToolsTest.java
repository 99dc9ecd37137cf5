package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.core.identity.ClientRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code import --list-tools} and {@code serve --check --list-tools}: the tools as a table. */
class ListToolsTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return McpgateCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private static String petstore() throws URISyntaxException {
    return Path.of(ListToolsTest.class.getResource("/petstore.yaml").toURI()).toString();
  }

  private List<String> lines() {
    return out.toString().lines().toList();
  }

  @Test
  void importListsEachToolWithMethodPathOperationAndAuthInAlignedColumns() throws Exception {
    assertThat(run("import", petstore(), "--list-tools")).isZero();

    List<String> lines = lines();
    int header = lines.indexOf("TOOL       METHOD  PATH   OPERATION  AUTH");
    assertThat(header).isPositive();
    assertThat(lines.subList(header + 1, lines.size())).containsExactly(
        "listPets   GET     /pets  listPets   apiKey(header X-Api-Key)",
        "createPet  POST    /pets  createPet  apiKey(header X-Api-Key)");
  }

  @Test
  void listingToolsGoesWithTheSummaryOnly() throws Exception {
    assertThat(run("import", petstore(), "--list-tools", "--format", "json")).isEqualTo(1);

    assertThat(err.toString()).contains("--list-tools goes with --format summary");
  }

  @Test
  void aLongCellIsCutToItsColumnAndMarked() throws IOException {
    String longPath = "/" + "segment/".repeat(10) + "{id}";
    Files.writeString(dir.resolve("long.yaml"), """
        openapi: 3.0.3
        info: {title: Long, version: "1"}
        servers: [{url: "https://api.example.com"}]
        paths:
          %s:
            get:
              operationId: getAVeryLongNamedResourceByItsIdentifierFromTheCatalogue
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses: {"200": {description: ok}}
        """.formatted(longPath));

    assertThat(run("import", dir.resolve("long.yaml").toString(), "--list-tools")).isZero();

    String row = lines().get(lines().size() - 1);
    assertThat(row).contains("/segment/segment/").contains("...").doesNotContain("{id}");
    assertThat(row).startsWith("getAVeryLongNamedResourceByItsIdentifierFromT...");
    assertThat(row).endsWith("unknown"); // the description states no security
    assertThat(row).hasSize(48 + 2 + 6 + 2 + 48 + 2 + 40 + 2 + "unknown".length());
  }

  @Test
  void checkListsTheToolsOfEverySourceAndWhetherTheyAreServed() throws Exception {
    Files.copy(Path.of(petstore()), dir.resolve("pets.yaml"));
    String key = ClientRegistry.generateKey();
    Path config = dir.resolve("mcpgate.yaml");
    Files.writeString(config, """
        sources:
          - id: pets
            description: pets.yaml
            approved: true
            operations: [listPets]
          - id: staging
            description: pets.yaml
            toolPrefix: stg
        clients:
          - id: reader
            profiles:
              default:
                keys: [{id: "%s", hash: "%s"}]
        """.formatted(ClientRegistry.keyIdOf(key),
        java.util.HexFormat.of().formatHex(ClientRegistry.hashKey(key))));

    assertThat(run("serve", "--config", config.toString(), "--check", "--list-tools"))
        .as(err.toString()).isZero();

    List<String> lines = lines();
    int header = lines.indexOf(
        "SOURCE                TOOL           METHOD  PATH   OPERATION  AUTH");
    assertThat(header).as(out.toString()).isPositive();
    assertThat(lines.subList(header + 1, header + 4)).containsExactly(
        "pets                  listPets       GET     /pets  listPets   apiKey(header X-Api-Key)",
        "staging (not served)  stg_listPets   GET     /pets  listPets   apiKey(header X-Api-Key)",
        "staging (not served)  stg_createPet  POST    /pets  createPet  apiKey(header X-Api-Key)");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("configuration OK");
  }

  @Test
  void listToolsWithoutCheckIsAUsageError() throws Exception {
    Files.copy(Path.of(petstore()), dir.resolve("pets.yaml"));
    Path config = dir.resolve("mcpgate.yaml");
    Files.writeString(config, "sources: [{id: pets, description: pets.yaml}]\n");

    assertThat(run("serve", "--config", config.toString(), "--list-tools")).isEqualTo(2);

    assertThat(err.toString()).contains("--list-tools goes with --check");
  }
}
