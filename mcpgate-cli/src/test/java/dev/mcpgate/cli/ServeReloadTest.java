package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.core.identity.ClientRegistry;
import dev.mcpgate.testkit.McpTestClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A real {@code mcpgate serve} process re-reads its configuration on a real {@code SIGHUP}:
 * the changed file is reconciled into the store and served (a key removed stops working, a key
 * added works, a rule removed hides its tool), and a broken file keeps the last good state with
 * a clear error in the log; a changed base URL or tool prefix is a new revision of the source,
 * approved and published as the file says, and served by the next call; a changed rule (with
 * conditions only the file could hold before) and a changed rate limit apply from the store at
 * once. On SQLite here; the PostgreSQL variant overrides {@link #store}.
 */
class ServeReloadTest {

  private static final String FIRST = ClientRegistry.generateKey();
  private static final String SECOND = ClientRegistry.generateKey();
  private static final Pattern ENDPOINT = Pattern.compile("MCP endpoint: (\\S+)");

  @TempDir Path dir;
  private Process serve;
  private Path log;

  String store() {
    return "store:\n  url: jdbc:sqlite:control.db\n  poll: PT60S\n";
  }

  private static String key(String key) {
    return "{id: \"%s\", hash: \"%s\"}".formatted(ClientRegistry.keyIdOf(key),
        HexFormat.of().formatHex(ClientRegistry.hashKey(key)));
  }

  private String config(String keys, String tools) {
    return """
        server: {port: 0}
        sources:
          - id: pets
            description: pets.yaml
            approved: true
        clients:
          - id: reader
            profiles:
              production:
                keys: [%s]
        policy:
          rules:
            - {id: reader-tools, effect: allow, clients: [reader], tools: [%s]}
        upstream:
          allowLoopback: true
        admin: {enabled: false}
        %s""".formatted(keys, tools, store());
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (serve != null) {
      serve.destroy();
      serve.waitFor();
    }
  }

  private URI start(Path file) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    log = dir.resolve("serve.log");
    serve = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        McpgateCommand.class.getName(), "serve", "--config", file.toString())
        .redirectOutput(dir.resolve("audit.log").toFile())
        .redirectError(log.toFile())
        .start();
    String line = awaitLog("MCP endpoint: ", 0);
    Matcher matcher = ENDPOINT.matcher(line);
    assertThat(matcher.find()).isTrue();
    awaitLog("SIGHUP re-reads", 0);
    return URI.create(matcher.group(1));
  }

  /** Waits for a log line containing {@code text} after line {@code from}; its text. */
  private String awaitLog(String text, int from) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      List<String> lines = Files.readAllLines(log);
      for (int i = from; i < lines.size(); i++) {
        if (lines.get(i).contains(text)) {
          return lines.get(i);
        }
      }
      if (!serve.isAlive()) {
        throw new AssertionError("serve exited: " + String.join("\n", lines));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no '" + text + "' in " + Files.readString(log));
  }

  private void hangUp() throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(serve.pid())).start();
    assertThat(kill.waitFor()).isZero();
  }

  private static List<String> tools(URI endpoint, String key) {
    try (McpTestClient client = McpTestClient.builder(endpoint)
        .header("Authorization", "Bearer " + key).build()) {
      try {
        client.initialize();
      } catch (IllegalStateException refused) {
        assertThat(refused).hasMessageContaining("401");
        return List.of("(refused)");
      }
      JsonNode tools = client.listTools(null).response().path("result").path("tools");
      return tools.valueStream().map(t -> t.path("name").asString()).toList();
    }
  }

  @Test
  void sighupReconcilesTheChangedFileAndABrokenFileKeepsTheLastGoodState() throws Exception {
    Files.writeString(dir.resolve("pets.yaml"), StoreCommandsTest.PETS_V2
        .replace("https://pets.invalid/v1", "http://127.0.0.1:9/v1"));
    Path file = dir.resolve("mcpgate.yaml");
    Files.writeString(file, config(key(FIRST), "listPets, addPet"));
    URI endpoint = start(file);
    assertThat(tools(endpoint, FIRST)).containsExactlyInAnyOrder("listPets", "addPet");
    assertThat(tools(endpoint, SECOND)).containsExactly("(refused)");

    int lines = Files.readAllLines(log).size();
    Files.writeString(file, config(key(SECOND), "listPets"));
    hangUp();
    awaitLog("reload: file re-read", lines);

    assertThat(tools(endpoint, FIRST)).containsExactly("(refused)");
    assertThat(tools(endpoint, SECOND)).containsExactly("listPets");

    lines = Files.readAllLines(log).size();
    Files.writeString(file, config(key(FIRST), "listPets") + "\nsources: oops\n");
    hangUp();
    String refused = awaitLog("not reloaded, still serving the last good configuration",
        lines);

    assertThat(refused).contains(file.toString());
    assertThat(Files.readString(log)).contains("sources");
    assertThat(tools(endpoint, SECOND)).containsExactly("listPets");
    assertThat(tools(endpoint, FIRST)).containsExactly("(refused)");
    assertThat(serve.isAlive()).isTrue();
  }

  private String settingsConfig(String baseUrl, String prefix) {
    return """
        server: {port: 0}
        sources:
          - id: pets
            description: pets.yaml
            approved: true
            baseUrl: "%s"
            toolPrefix: %s
        clients:
          - id: reader
            profiles:
              production:
                keys: [%s]
        policy:
          default: allow
        upstream:
          allowLoopback: true
        admin: {enabled: false}
        %s""".formatted(baseUrl, prefix, key(FIRST), store());
  }

  private static String callListPets(URI endpoint, String tool) {
    try (McpTestClient client = McpTestClient.builder(endpoint)
        .header("Authorization", "Bearer " + FIRST).build()) {
      client.initialize();
      return client.callTool(tool, McpTestClient.json("{}")).response().path("result")
          .toString();
    }
  }

  private String cli(Path file, String... args) {
    java.io.StringWriter out = new java.io.StringWriter();
    String[] full = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--config", file.toString())).toArray(String[]::new);
    int code = McpgateCommand.execute(full, new java.io.PrintWriter(out, true),
        new java.io.PrintWriter(out, true));
    assertThat(code).as(out.toString()).isZero();
    return out.toString();
  }

  @Test
  void sighupServesAChangedBaseUrlAndToolPrefixAsANewRevisionWithoutARestart() throws Exception {
    try (dev.mcpgate.testkit.FakeUpstream first = dev.mcpgate.testkit.FakeUpstream.start();
        dev.mcpgate.testkit.FakeUpstream second = dev.mcpgate.testkit.FakeUpstream.start()) {
      first.otherwise(dev.mcpgate.testkit.FakeUpstream.Answer.json(200, "[{\"name\": \"Rex\"}]"));
      second.otherwise(dev.mcpgate.testkit.FakeUpstream.Answer.json(200, "[{\"name\": \"Tom\"}]"));
      Files.writeString(dir.resolve("pets.yaml"), StoreCommandsTest.PETS_V2);
      Path file = dir.resolve("mcpgate.yaml");
      Files.writeString(file, settingsConfig(first.url("/v1").toString(), "zoo"));
      URI endpoint = start(file);
      assertThat(tools(endpoint, FIRST)).containsExactlyInAnyOrder("zoo_listPets", "zoo_addPet");
      assertThat(callListPets(endpoint, "zoo_listPets")).contains("Rex");
      assertThat(first.takeRequest().target()).isEqualTo("/v1/pets");

      int lines = Files.readAllLines(log).size();
      Files.writeString(file, settingsConfig(second.url("/v2").toString(), "farm"));
      hangUp();
      awaitLog("reload: file re-read", lines);

      assertThat(tools(endpoint, FIRST)).containsExactlyInAnyOrder("farm_listPets",
          "farm_addPet");
      assertThat(callListPets(endpoint, "farm_listPets")).contains("Tom");
      assertThat(second.takeRequest().target()).isEqualTo("/v2/pets");
      assertThat(first.requestCount()).isEqualTo(1);
      assertThat(cli(file, "changes")).contains("imported revision 2 of pets")
          .contains("settings baseUrl " + second.url("/v2") + ", toolPrefix farm");
      String revision = cli(file, "sources", "revision", "pets");
      assertThat(revision).startsWith("revision pets@2:").contains("baseUrl " + second.url("/v2"))
          .contains("toolPrefix farm");
      assertThat(cli(file, "sources", "show", "pets")).contains("published production@2");
    }
  }

  private static String callText(URI endpoint, String key, String tool) {
    try (McpTestClient client = McpTestClient.builder(endpoint)
        .header("Authorization", "Bearer " + key).build()) {
      client.initialize();
      return client.callTool(tool, JsonNodeFactory.instance.objectNode()).response()
          .toString();
    }
  }

  private String limited(String surfaces, String tools, long capacity) {
    return """
        server: {port: 0}
        sources:
          - id: pets
            description: pets.yaml
            approved: true
        clients:
          - id: reader
            profiles:
              production:
                keys: [%s]
        policy:
          rules:
            - {effect: allow, clients: [reader], surfaces: [%s], tools: [%s]}
        limits:
          rate:
            perTool:
              listPets: {capacity: %d, period: PT1H}
        upstream:
          allowLoopback: true
        admin: {enabled: false}
        %s""".formatted(key(FIRST), surfaces, tools, capacity, store());
  }

  @Test
  void sighupAppliesAChangedRuleAndRateLimitFromTheStore() throws Exception {
    Files.writeString(dir.resolve("pets.yaml"), StoreCommandsTest.PETS_V2
        .replace("https://pets.invalid/v1", "http://127.0.0.1:9/v1"));
    Path file = dir.resolve("mcpgate.yaml");
    Files.writeString(file, limited("mcp", "listPets, addPet", 1));
    URI endpoint = start(file);
    assertThat(tools(endpoint, FIRST)).containsExactlyInAnyOrder("listPets", "addPet");
    assertThat(callText(endpoint, FIRST, "listPets")).doesNotContain("Rate limit reached");
    assertThat(callText(endpoint, FIRST, "listPets")).contains("Rate limit reached")
        .contains("limits.rate.perTool.listPets");

    int lines = Files.readAllLines(log).size();
    Files.writeString(file, limited("mcp", "listPets", 3));
    hangUp();
    awaitLog("reload: file re-read", lines);

    assertThat(tools(endpoint, FIRST)).containsExactly("listPets");
    assertThat(callText(endpoint, FIRST, "listPets")).doesNotContain("Rate limit reached");
    String log = Files.readString(this.log);
    assertThat(log).contains("stored as rule policy.rules.0")
        .doesNotContain("served from the file").doesNotContain("applied at the next start");

    lines = Files.readAllLines(this.log).size();
    Files.writeString(file, limited("rest", "listPets", 3));
    hangUp();
    awaitLog("reload: file re-read", lines);

    assertThat(tools(endpoint, FIRST)).isEmpty();
  }
}
