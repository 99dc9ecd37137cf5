package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.testkit.McpTestClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API's policy evaluation under {@code mcpgate serve} evaluates the rules the data
 * plane applies (the file's rules and {@code policy.default} around the store's), so it agrees
 * with what {@code tools/list} shows the same caller.
 */
class ServePolicyEvaluationTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  Path config;
  ServeCommand.@Nullable Running running;

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
  }

  /** Runs a command with {@code --output json}. */
  String cli(String... args) {
    List<String> full = new ArrayList<>(List.of(args));
    full.addAll(List.of("--output", "json"));
    return text(full.toArray(String[]::new));
  }

  /** Runs a command with its text output. */
  String text(String... args) {
    List<String> full = new ArrayList<>(List.of(args));
    full.addAll(List.of("--config", config.toString()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = McpgateCommand.execute(full.toArray(String[]::new), new PrintWriter(out, true),
        new PrintWriter(err, true));
    assertThat(code).as(String.join(" ", args) + ": " + err + out).isZero();
    return out.toString();
  }

  @Test
  void withAFileDenyRuleAndDefaultAllowTheEvaluationAgreesWithToolsList() throws Exception {
    config = dir.resolve("mcpgate.yaml");
    Files.writeString(config, """
        sources: []
        policy:
          default: allow
          rules:
            - id: no-adding
              effect: deny
              tools: [addPet]
        store:
          url: jdbc:sqlite:control.db
        admin:
          port: 0
        """);
    Files.writeString(dir.resolve("pets-v2.yaml"), StoreCommandsTest.PETS_V2);
    cli("sources", "import", "pets", dir.resolve("pets-v2.yaml").toString());
    cli("sources", "approve", "pets");
    cli("sources", "publish", "pets", "--env", "production");
    cli("clients", "create", "agent");
    cli("clients", "add-profile", "agent", "production");
    String key = JSON.readTree(cli("clients", "issue-key", "agent", "production"))
        .at("/result/secret").asString();
    String operator = text("operators", "create", "olga", "--role", "viewer")
        .replaceAll("(?s).*(mgo_\\S+).*", "$1");
    running = ServeCommand.start(config, 0, name -> null, new PrintWriter(new StringWriter()));

    List<String> listed;
    try (McpTestClient client = McpTestClient.builder(running.uri())
        .header("Authorization", "Bearer " + key).build()) {
      client.initialize();
      listed = client.listTools(null).response().path("result").path("tools").valueStream()
          .map(t -> t.path("name").asString()).toList();
    }
    HttpResponse<String> evaluation = HTTP.send(HttpRequest.newBuilder(
            running.adminUri().resolve("api/v1/policy/evaluate"))
        .header("Authorization", "Bearer " + operator)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("""
            {"environment": "production", "caller": {"clientId": "agent"}, "tool": "addPet"}
            """)).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(listed).containsExactly("listPets");
    assertThat(evaluation.statusCode()).as(evaluation.body()).isEqualTo(200);
    JsonNode answer = JSON.readTree(evaluation.body());
    assertThat(answer.path("visible").valueStream().map(JsonNode::asString).toList())
        .containsExactlyElementsOf(listed);
    assertThat(answer.at("/tool/visible").asBoolean()).isFalse();
    assertThat(answer.at("/tool/decidingRules").toString()).contains("no-adding");
  }
}
