package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpgate.cli.internal.ConfigException;
import dev.mcpgate.core.identity.ClientRegistry;
import dev.mcpgate.testkit.FakeUpstream;
import dev.mcpgate.testkit.McpTestClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * What {@code serve} and {@code serve --check} find before serving: secret references that
 * cannot be read, upstream targets the guard would refuse, bindings of a kind the description
 * does not ask for, and descriptions fetched from a URL.
 */
class ServeStartupChecksTest {

  private static final String CANARY = "CANARY-upstream-s3cr3t";
  private static final String KEY = ClientRegistry.generateKey();

  /** One operation behind an API key in a header. */
  private static final String PETS = """
      openapi: 3.0.3
      info: {title: Pets, version: "1"}
      servers: [{url: "https://pets.invalid/v1"}]
      security: [{key: []}]
      components:
        securitySchemes:
          key: {type: apiKey, in: header, name: X-Upstream-Key}
      paths:
        /pets/{id}:
          get:
            operationId: getPet
            parameters: [{name: id, in: path, required: true, schema: {type: string}}]
            responses: {"200": {description: ok}}
      """;

  /** The same operation behind basic or bearer auth. */
  private static final String PETS_BASIC_OR_BEARER = PETS
      .replace("security: [{key: []}]", "security: [{basic: []}, {bearer: []}]")
      .replace("key: {type: apiKey, in: header, name: X-Upstream-Key}",
          "basic: {type: http, scheme: basic}\n    bearer: {type: http, scheme: bearer}");

  @TempDir Path dir;

  private final FakeUpstream upstream = FakeUpstream.start()
      .otherwise(FakeUpstream.Answer.json(200, "{\"id\":\"7\",\"name\":\"Rex\"}"));
  private ServeCommand.@Nullable Running running;

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
    upstream.close();
  }

  private Path config(String description, String binding, String upstreamSection)
      throws IOException {
    Files.writeString(dir.resolve("pets.yaml"), PETS);
    Path file = dir.resolve("mcpgate.yaml");
    Files.writeString(file, """
        sources:
          - id: pets
            description: %s
            baseUrl: %s/v1
            approved: true
            binding: pets-key
          - id: later
            description: pets.yaml
            baseUrl: https://pets.example.com/v1
            toolPrefix: later
            binding: later-key
        bindings:
          - id: pets-key
        %s
          - id: later-key
            kind: apiKey
            secretRef: env:LATER_KEY
            settings: {name: X-Upstream-Key}
        clients:
          - id: reader
            profiles:
              default:
                keys: [{ref: env:READER_KEY}]
        policy:
          default: allow
        %s
        """.formatted(description, upstream.url(), binding.indent(4).stripTrailing(),
        upstreamSection));
    return file;
  }

  private static final String API_KEY_BINDING = """
      kind: apiKey
      secretRef: env:PETS_KEY
      profiles: {sandbox: env:PETS_SANDBOX_KEY}
      settings: {name: X-Upstream-Key}
      """;

  private static final String LOOPBACK_ALLOWED = "upstream:\n  allowLoopback: true\n";

  private static Function<String, @Nullable String> env(String... pairs) {
    Map<String, String> values = new java.util.HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      values.put(pairs[i], pairs[i + 1]);
    }
    return values::get;
  }

  private static ConfigException checkFails(Path config, Function<String, @Nullable String> env) {
    return catchThrowableOfType(ConfigException.class,
        () -> ServeCommand.check(config, env, false, new PrintWriter(new StringWriter(), true)));
  }

  @Test
  void checkReportsEveryUnsetVariableOfAServedBindingWithoutAnyValue() throws IOException {
    Path config = config("pets.yaml", API_KEY_BINDING, LOOPBACK_ALLOWED);

    ConfigException e = checkFails(config, env("READER_KEY", KEY, "PETS_KEY", CANARY));

    assertThat(e.problems()).containsExactly(
        "bindings[0].profiles.sandbox: cannot be read: environment variable PETS_SANDBOX_KEY is"
            + " not set");
    assertThat(e.getMessage() + e.problems()).doesNotContain(CANARY).doesNotContain(KEY);
  }

  @Test
  void aSecretOfABindingNoApprovedSourceUsesIsAWarningNotAProblem() throws IOException {
    Path config = config("pets.yaml", API_KEY_BINDING, LOOPBACK_ALLOWED);
    StringWriter out = new StringWriter();

    ServeCommand.check(config, env("READER_KEY", KEY, "PETS_KEY", CANARY, "PETS_SANDBOX_KEY",
        CANARY), false, new PrintWriter(out, true));

    assertThat(out.toString())
        .contains("warning: bindings[1].secretRef: cannot be read: environment variable"
            + " LATER_KEY is not set (no approved source uses binding later-key yet)")
        .contains("configuration OK")
        .doesNotContain(CANARY);
  }

  @Test
  void startRefusesAServedBindingWhoseSecretIsMissingAsCheckDoes() throws IOException {
    Path config = config("pets.yaml", API_KEY_BINDING, LOOPBACK_ALLOWED);

    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> running = ServeCommand.start(config, 0, env("READER_KEY", KEY),
            new PrintWriter(new StringWriter(), true)));

    assertThat(e.problems()).containsExactly(
        "bindings[0].secretRef: cannot be read: environment variable PETS_KEY is not set",
        "bindings[0].profiles.sandbox: cannot be read: environment variable PETS_SANDBOX_KEY is"
            + " not set");
  }

  @Test
  void aLoopbackUpstreamWithoutAllowLoopbackIsRefusedAndNeverClaimedAllowed() throws IOException {
    Path config = config("pets.yaml", API_KEY_BINDING, "");
    StringWriter out = new StringWriter();

    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ServeCommand.check(config, env("READER_KEY", KEY, "PETS_KEY", CANARY,
            "PETS_SANDBOX_KEY", CANARY), false, new PrintWriter(out, true)));

    assertThat(e.problems()).containsExactly("sources[0] (pets): upstream http://"
        + upstream.host() + ":" + upstream.port() + " is a loopback address (127.0.0.1), which"
        + " the upstream guard refuses unless upstream.allowLoopback is true");
    assertThat(out.toString()).doesNotContain("allowing");
  }

  @Test
  void aPrivateNetworkUpstreamNeedsAllowPrivateNetworks() throws IOException {
    Path config = config("pets.yaml", API_KEY_BINDING, LOOPBACK_ALLOWED);
    Files.writeString(config, Files.readString(config)
        .replace("baseUrl: " + upstream.url() + "/v1", "baseUrl: http://10.1.2.3:8080/v1"));

    ConfigException e = checkFails(config, env("READER_KEY", KEY, "PETS_KEY", CANARY,
        "PETS_SANDBOX_KEY", CANARY));

    assertThat(e.problems()).containsExactly("sources[0] (pets): upstream http://10.1.2.3:8080"
        + " is a private network address (10.1.2.3), which the upstream guard refuses unless"
        + " upstream.allowPrivateNetworks is true");
  }

  @Test
  void anUpstreamOutsideTheConfiguredAllowHostsIsRefused() throws IOException {
    Path config = config("pets.yaml", API_KEY_BINDING,
        "upstream:\n  allowLoopback: true\n  allowHosts: [api.example.com]\n");

    ConfigException e = checkFails(config, env("READER_KEY", KEY, "PETS_KEY", CANARY,
        "PETS_SANDBOX_KEY", CANARY));

    assertThat(e.problems()).containsExactly("sources[0] (pets): upstream " + upstream.url()
        + " is not in upstream.allowHosts: the upstream guard refuses every call to it");
  }

  @Test
  void aBindingOfAKindTheDescriptionDoesNotDeclareIsWarnedAbout() throws IOException {
    Path config = config("pets.yaml", API_KEY_BINDING, LOOPBACK_ALLOWED);
    Files.writeString(dir.resolve("pets.yaml"), PETS_BASIC_OR_BEARER);
    StringWriter out = new StringWriter();

    ServeCommand.check(config, env("READER_KEY", KEY, "PETS_KEY", CANARY, "PETS_SANDBOX_KEY",
        CANARY), false, new PrintWriter(out, true));

    assertThat(out.toString()).contains("warning: sources[0] (pets): binding pets-key is of kind"
        + " apiKey, but the description's operations declare basic, bearer: the upstream will"
        + " most likely refuse its calls; use a binding of a declared kind");
  }

  @Test
  void aBindingOfADeclaredKindIsNotWarnedAbout() throws IOException {
    Path config = config("pets.yaml", """
        kind: bearer
        secretRef: env:PETS_KEY
        """, LOOPBACK_ALLOWED);
    Files.writeString(dir.resolve("pets.yaml"), PETS_BASIC_OR_BEARER);
    StringWriter out = new StringWriter();

    ServeCommand.check(config, env("READER_KEY", KEY, "PETS_KEY", CANARY), false,
        new PrintWriter(out, true));

    assertThat(out.toString()).doesNotContain("binding pets-key is of kind");
  }

  @Test
  void aDescriptionAtAUrlIsFetchedAndServed() throws IOException {
    try (FakeUpstream descriptions = FakeUpstream.start()
        .otherwise(FakeUpstream.Answer.text(200, PETS))) {
      Path config = config(descriptions.url("/openapi.yaml").toString(), API_KEY_BINDING,
          LOOPBACK_ALLOWED);
      StringWriter out = new StringWriter();

      running = ServeCommand.start(config, 0, env("READER_KEY", KEY, "PETS_KEY", CANARY,
          "PETS_SANDBOX_KEY", CANARY), new PrintWriter(out, true));

      assertThat(out.toString()).contains("source pets: 1 tools, approved, binding pets-key");
      assertThat(descriptions.onlyRequest().path()).isEqualTo("/openapi.yaml");
      try (McpTestClient client = McpTestClient.builder(running.uri())
          .header("X-Api-Key", KEY).build()) {
        client.initialize();
        JsonNode result = client.callTool("getPet", McpTestClient.json("{\"id\":\"7\"}"))
            .response().path("result");
        assertThat(result.path("isError").asBoolean(false)).as(result.toString()).isFalse();
      }
      assertThat(upstream.onlyRequest().header("X-Upstream-Key")).contains(CANARY);
    }
  }

  @Test
  void aDescriptionUrlThatRefusesTheConnectionIsAProblemNamingTheCause() throws IOException {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/openapi.yaml";
    Path config = config(url, API_KEY_BINDING, LOOPBACK_ALLOWED);

    ConfigException e = checkFails(config, env("READER_KEY", KEY, "PETS_KEY", CANARY,
        "PETS_SANDBOX_KEY", CANARY));

    assertThat(e.problems()).containsExactly("sources[0].description: cannot import " + url
        + ": cannot be fetched: connection refused by 127.0.0.1:" + port);
  }

  @Test
  void aDescriptionUrlsQueryIsNeverShownInAProblem() throws IOException {
    try (FakeUpstream descriptions = FakeUpstream.start()
        .otherwise(FakeUpstream.Answer.status(403))) {
      String url = descriptions.url("/openapi.yaml") + "?access_token=" + CANARY;
      Path config = config(url, API_KEY_BINDING, LOOPBACK_ALLOWED);

      ConfigException e = checkFails(config, env("READER_KEY", KEY, "PETS_KEY", CANARY,
          "PETS_SANDBOX_KEY", CANARY));

      assertThat(e.problems()).containsExactly("sources[0].description: cannot import "
          + descriptions.url("/openapi.yaml") + "?...: cannot be fetched: the server answered"
          + " HTTP 403");
    }
  }

  @Test
  void aDescriptionUrlWithCredentialsIsRefusedWithoutQuotingThem() throws IOException {
    Path config = config("https://admin:" + CANARY + "@specs.example.com/pets.yaml",
        API_KEY_BINDING, LOOPBACK_ALLOWED);

    ConfigException e = checkFails(config, env());

    assertThat(e.problems()).containsExactly("sources[0].description: must not carry"
        + " credentials");
    assertThat(e.getMessage()).doesNotContain(CANARY);
  }
}
