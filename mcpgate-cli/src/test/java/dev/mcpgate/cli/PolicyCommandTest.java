package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.core.identity.ClientRegistry;
import dev.mcpgate.testkit.FakeUpstream;
import dev.mcpgate.testkit.McpTestClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code mcpgate policy explain}: which tools a client sees and why each other is hidden, in
 * agreement with what the running server lists to that client.
 */
class PolicyCommandTest {

  private static final String READER_KEY = ClientRegistry.generateKey();
  private static final String PETS = """
      openapi: 3.0.3
      info: {title: Pets, version: "1"}
      servers: [{url: "https://pets.invalid/v1"}]
      paths:
        /pets:
          get: {operationId: listPets, responses: {"200": {description: ok}}}
          post: {operationId: createPet, responses: {"201": {description: created}}}
        /pets/{id}:
          get:
            operationId: getPet
            parameters: [{name: id, in: path, required: true, schema: {type: string}}]
            responses: {"200": {description: ok}}
          delete:
            operationId: deletePet
            parameters: [{name: id, in: path, required: true, schema: {type: string}}]
            responses: {"204": {description: gone}}
      """;

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return McpgateCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private Path config(String baseUrl) throws IOException {
    Files.writeString(dir.resolve("pets.yaml"), PETS);
    Path config = dir.resolve("mcpgate.yaml");
    Files.writeString(config, """
        sources:
          - id: pets
            description: pets.yaml
            baseUrl: %s
            approved: true
          - id: staging
            description: pets.yaml
            toolPrefix: stg
        bindings:
          - {id: unread, kind: bearer, secretRef: env:NEVER_SET_IN_ANY_TEST}
        clients:
          - id: reader
            tenant: acme
            profiles:
              sandbox:
                keys: [{id: "%s", hash: "%s"}]
              production: {keys: []}
          - id: gone
            revoked: true
        policy:
          rules:
            - id: no-deletes
              effect: deny
              httpMethods: [DELETE]
              reason: nobody deletes through an agent
            - id: sandbox-reads
              effect: allow
              clients: [reader]
              environments: [sandbox]
              httpMethods: [GET]
            - id: production-writes
              effect: allow
              environments: [production]
              tools: [createPet]
        upstream:
          allowLoopback: true
        """.formatted(baseUrl, ClientRegistry.keyIdOf(READER_KEY),
        HexFormat.of().formatHex(ClientRegistry.hashKey(READER_KEY))));
    return config;
  }

  @Test
  void explainPrintsTheVisibleToolsWithTheirRuleAndWhyEachOtherIsHidden() throws IOException {
    Path config = config("https://pets.example.com/v1");

    int code = run("policy", "explain", "--config", config.toString(), "--client", "reader",
        "--profile", "sandbox");

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString().lines().toList()).containsExactly(
        "caller: client reader, profile sandbox, auth apiKey, tenant acme",
        "visible: 2 of 8 tools",
        "  listPets       allowed by rule sandbox-reads",
        "  getPet         allowed by rule sandbox-reads",
        "hidden: 6 of 8 tools",
        "  createPet      no rule allows: default deny; production-writes (allow) needs"
            + " environment in [production], was \"sandbox\"",
        "  deletePet      denied by rule no-deletes; the rule's reason: nobody deletes through"
            + " an agent",
        "  stg_listPets   source staging is not approved",
        "  stg_createPet  source staging is not approved",
        "  stg_getPet     source staging is not approved",
        "  stg_deletePet  source staging is not approved");
  }

  @Test
  void whatExplainSaysIsVisibleIsExactlyWhatTheServerLists() throws IOException {
    try (FakeUpstream upstream = FakeUpstream.start()) {
      Path config = config(upstream.url() + "/v1");
      run("policy", "explain", "--config", config.toString(), "--client", "reader",
          "--profile", "sandbox");
      List<String> explained = out.toString().lines()
          .dropWhile(line -> !line.startsWith("visible:")).skip(1)
          .takeWhile(line -> line.startsWith("  "))
          .map(line -> line.strip().split("\\s+")[0]).toList();

      ServeCommand.Running running = ServeCommand.start(config, 0, name -> null,
          new PrintWriter(new StringWriter(), true));
      try (McpTestClient client = McpTestClient.builder(running.uri())
          .header("X-Api-Key", READER_KEY).build()) {
        client.initialize();
        JsonNode tools = client.listTools(null).response().path("result").path("tools");
        assertThat(tools.valueStream().map(t -> t.path("name").asString()).toList())
            .containsExactlyInAnyOrderElementsOf(explained).hasSize(2);
      } finally {
        running.close();
      }
    }
  }

  @Test
  void aClientWithSeveralProfilesNeedsOne() throws IOException {
    int code = run("policy", "explain", "-c", config("https://pets.example.com").toString(),
        "--client", "reader");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--profile: client reader has the profiles sandbox,"
        + " production; name one");
  }

  @Test
  void anUnknownClientOrProfileIsAProblem() throws IOException {
    Path config = config("https://pets.example.com");

    assertThat(run("policy", "explain", "-c", config.toString(), "--client", "nobody"))
        .isEqualTo(2);
    assertThat(run("policy", "explain", "-c", config.toString(), "--client", "reader",
        "--profile", "staging")).isEqualTo(2);

    assertThat(err.toString())
        .contains("--client: no client 'nobody'; clients are reader, gone")
        .contains("--profile: client reader has no profile 'staging'; its profiles are sandbox,"
            + " production");
  }

  @Test
  void aRevokedClientSeesNothing() throws IOException {
    int code = run("policy", "explain", "-c", config("https://pets.example.com").toString(),
        "--client", "gone");

    assertThat(code).isZero();
    assertThat(out.toString()).contains("client gone is revoked: every request is refused with"
        + " 401, and no tool is visible");
  }
}
