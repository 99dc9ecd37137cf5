package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.core.identity.ClientRegistry;
import dev.mcpgate.testkit.McpTestClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration file is the store's baseline: {@code serve} mirrors what it declares into
 * the store as file-owned objects, the CLI (any surface) is refused changing them with a message
 * saying to change the file, and a changed file is reconciled on the next start. The file is
 * never written.
 */
class FileBaselineTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String KEY = ClientRegistry.generateKey();

  @TempDir Path dir;

  private String config(String bindings, String clients) {
    return """
        sources:
          - id: pets
            description: pets.yaml
            approved: true
            binding: petsKey
        %s
        clients:
          - id: reader
            profiles:
              production:
                keys:
                  - {id: "%s", hash: "%s"}
        %s
        policy:
          default: allow
        upstream:
          allowLoopback: true
        store:
          url: jdbc:sqlite:control.db
        admin:
          port: 0
        """.formatted(bindings, ClientRegistry.keyIdOf(KEY),
        HexFormat.of().formatHex(ClientRegistry.hashKey(KEY)), clients);
  }

  private static final String BINDINGS =
      "bindings:\n  - {id: petsKey, kind: bearer, secretRef: \"env:PETS_KEY\"}";
  private static final String SECOND_CLIENT =
      "  - id: auditor\n    profiles:\n      production: {}";

  private record Run(int code, String out, String err) {}

  private Run cli(Path config, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] full = new String[args.length + 2];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--config";
    full[args.length + 1] = config.toString();
    int code = McpgateCommand.execute(full, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  private List<String> serveAndListTools(Path config) {
    ServeCommand.Running running;
    try {
      running = ServeCommand.start(config, 0, Map.of("PETS_KEY", "pets-key-value-1")::get,
          new PrintWriter(new StringWriter()));
    } catch (dev.mcpgate.cli.internal.ConfigException e) {
      throw new AssertionError(e.getMessage() + ": " + e.problems(), e);
    }
    try (McpTestClient client = McpTestClient.builder(running.uri())
        .header("Authorization", "Bearer " + KEY).build()) {
      client.initialize();
      JsonNode tools = client.listTools(null).response().path("result").path("tools");
      return tools.valueStream().map(t -> t.path("name").asString()).toList();
    } finally {
      running.close();
    }
  }

  @Test
  void theFilesObjectsAreMirroredAsFileOwnedAndOnlyTheFileChangesThem() throws IOException {
    Files.writeString(dir.resolve("pets.yaml"), StoreCommandsTest.PETS_V1
        .replace("https://pets.invalid/v1", "http://127.0.0.1:9/v1"));
    Path config = dir.resolve("mcpgate.yaml");
    String text = config(BINDINGS, SECOND_CLIENT);
    Files.writeString(config, text);

    assertThat(serveAndListTools(config)).containsExactly("listPets");
    assertThat(Files.readString(config)).isEqualTo(text);

    JsonNode clients = JSON.readTree(cli(config, "clients", "list", "--output", "json").out());
    assertThat(clients.valueStream().map(c -> c.at("/meta/id").asString() + ":"
        + c.at("/meta/owner").asString()).toList())
        .containsExactly("auditor:FILE", "reader:FILE");
    JsonNode sources = JSON.readTree(cli(config, "sources", "list", "--output", "json").out());
    assertThat(sources.at("/0/published/production").asInt()).isEqualTo(1);
    assertThat(cli(config, "bindings", "list").out()).contains("petsKey").contains("(file)");

    Run revoke = cli(config, "clients", "revoke", "reader");
    assertThat(revoke.code()).isEqualTo(1);
    assertThat(revoke.err()).contains("FILE_OWNED").contains("change it there");
    Run rotate = cli(config, "bindings", "put", "petsKey", "--kind", "bearer", "--secret-ref",
        "env:OTHER");
    assertThat(rotate.code()).isEqualTo(1);
    assertThat(rotate.err()).contains("FILE_OWNED");
    assertThat(cli(config, "changes").out()).contains(" file  file ");

    // The file changes: the binding and the second client are gone.
    Files.writeString(config, config("", "").replace("    binding: petsKey\n", ""));
    assertThat(serveAndListTools(config)).containsExactly("listPets");
    assertThat(cli(config, "bindings", "list").out()).contains("no bindings");
    assertThat(cli(config, "clients", "list").out()).containsPattern("auditor +revoked");
    // Unchanged objects are left alone: a second start records nothing new for them.
    assertThat(cli(config, "changes", "--object", "pets", "--kind", "source", "--output", "json")
        .out()).contains("\"revisionAfter\" : 2").doesNotContain("\"revisionAfter\" : 3");
  }
}
