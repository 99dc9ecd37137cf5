package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.cli.internal.ConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mcpgate serve} with a store answers the admin HTTP API on a listener of its own (the
 * {@code admin} section), over real loopback HTTP; the MCP port never answers it.
 */
class ServeAdminApiTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  ServeCommand.@Nullable Running running;

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
  }

  Path config(String admin) throws IOException {
    Path file = dir.resolve("mcpgate.yaml");
    Files.writeString(file, """
        sources: []
        policy:
          default: allow
        store:
          url: jdbc:sqlite:control.db
        """ + admin);
    return file;
  }

  String start(Path file) {
    StringWriter out = new StringWriter();
    running = ServeCommand.start(file, 0, name -> null, new PrintWriter(out, true));
    return out.toString();
  }

  static HttpResponse<String> get(URI uri, @Nullable String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  String operatorToken(Path file) {
    StringWriter out = new StringWriter();
    int code = McpgateCommand.execute(new String[] {"operators", "create", "olga", "--role",
        "viewer", "--config", file.toString()}, new PrintWriter(out, true),
        new PrintWriter(new StringWriter(), true));
    assertThat(code).isZero();
    return out.toString().replaceAll("(?s).*(mgo_\\S+).*", "$1");
  }

  @Test
  void theAdminApiAnswersOnItsOwnPortAndTheMcpPortDoesNotServeIt() throws Exception {
    Path file = config("""
        admin:
          port: 0
        """);
    String startup = start(file);
    URI admin = running.adminUri();

    assertThat(admin).isNotNull();
    assertThat(admin.getHost()).isEqualTo("127.0.0.1");
    assertThat(admin.getPort()).isNotEqualTo(running.uri().getPort());
    assertThat(admin.getPath()).isEqualTo("/admin/");
    assertThat(startup).contains("admin API: " + admin);

    HttpResponse<String> health = get(admin.resolve("api/v1/health"), null);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("sequence");

    assertThat(get(admin.resolve("api/v1/sources"), null).statusCode()).isEqualTo(401);
    String token = operatorToken(file);
    HttpResponse<String> operators = get(admin.resolve("api/v1/operators"), token);
    assertThat(operators.statusCode()).isEqualTo(200);
    assertThat(operators.body()).contains("\"olga\"").doesNotContain(token);

    URI mcpPort = running.uri().resolve("/admin/api/v1/health");
    assertThat(get(mcpPort, null).statusCode()).isEqualTo(404);
    assertThat(get(running.uri().resolve("/admin/api/v1/operators"), token).statusCode())
        .isEqualTo(404);
  }

  @Test
  void theMountPathIsConfigurable() throws Exception {
    start(config("""
        admin:
          port: 0
          path: /control
        """));

    URI admin = running.adminUri();
    assertThat(admin.getPath()).isEqualTo("/control/");
    assertThat(get(admin.resolve("api/v1/health"), null).statusCode()).isEqualTo(200);
    assertThat(get(admin.resolve("/admin/api/v1/health"), null).statusCode()).isEqualTo(404);
  }

  @Test
  void enabledFalseTurnsItOffAndSaysSo() throws Exception {
    String startup = start(config("""
        admin:
          enabled: false
        """));

    assertThat(running.adminUri()).isNull();
    assertThat(startup).contains("admin API: off (admin.enabled: false)");
  }

  @Test
  void withoutAStoreItIsOffAndSaysWhy() throws Exception {
    Path file = dir.resolve("mcpgate.yaml");
    Files.writeString(dir.resolve("pets.yaml"), StoreCommandsTest.PETS_V1);
    Files.writeString(file, """
        sources:
          - id: pets
            description: pets.yaml
            baseUrl: http://127.0.0.1:9/
            approved: true
        policy:
          default: allow
        upstream:
          allowLoopback: true
          allowHosts: ["127.0.0.1"]
        """);

    String startup = start(file);

    assertThat(running.adminUri()).isNull();
    assertThat(startup).contains("admin API: off (no store section");
  }

  @Test
  void aNonLoopbackAddressIsRefusedWithoutTheAcknowledgement() throws Exception {
    Path file = config("""
        admin:
          address: 0.0.0.0
          port: 0
        """);

    assertThatThrownBy(() -> start(file))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .singleElement().asString()
            .startsWith("admin.address: is not a loopback address")
            .contains("admin.allowNonLoopback: true")
            .doesNotContain("0.0.0.0"));
  }

  @Test
  void aNonLoopbackAddressServesOnceAcknowledged() throws Exception {
    start(config("""
        admin:
          address: 0.0.0.0
          port: 0
          allowNonLoopback: true
        """));

    URI admin = running.adminUri();
    URI loopback = URI.create("http://127.0.0.1:" + admin.getPort() + "/admin/api/v1/health");
    assertThat(get(loopback, null).statusCode()).isEqualTo(200);
  }

  @Test
  void badAdminSettingsAreRefusedNamingTheField() throws Exception {
    Path file = config("""
        server:
          port: 9090
        admin:
          port: 9090
          path: admin/
          wat: 1
        """);

    assertThatThrownBy(() -> start(file))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p).startsWith("admin.port: must differ from server.port"))
            .anySatisfy(p -> assertThat(p).startsWith("admin.path: must start with '/'"))
            .anySatisfy(p -> assertThat(p).startsWith("admin.wat: unknown key")));
    Files.writeString(file, Files.readString(file).replace("port: 9090\n  path", "port: 70000\n  path"));
    assertThatThrownBy(() -> start(file))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p).startsWith("admin.port:")));
  }

  @Test
  void enablingItWithoutAStoreIsRefused() throws Exception {
    Path file = dir.resolve("mcpgate.yaml");
    Files.writeString(file, """
        sources: []
        admin:
          enabled: true
        """);

    assertThatThrownBy(() -> start(file))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p).startsWith("admin.enabled: the admin API manages")));
  }
}
