package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real {@code mcpgate serve} with a SQLite store and its admin API on a loopback port of its
 * own, an admin operator's token, and the CLI run against it both ways: over the admin API
 * ({@link #api}) and on the store directly ({@link #store}); plus curl-style HTTP ({@link
 * #http}). Every run is kept, for tests that search all output.
 */
final class AdminCli implements AutoCloseable {

  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** One CLI run. */
  record Run(List<String> args, int code, String out, String err) {
    JsonNode json() {
      return JSON.readTree(out);
    }
  }

  /** One HTTP exchange. */
  record Exchange(String method, String path, int status, Map<String, List<String>> headers,
      String body) {
    JsonNode json() {
      return JSON.readTree(body);
    }

    @Nullable String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  final Path dir;
  final Path config;
  final URI admin;
  final String token;
  final Map<String, String> environment = new HashMap<>();
  final List<Run> runs = Collections.synchronizedList(new ArrayList<>());
  final List<Exchange> exchanges = Collections.synchronizedList(new ArrayList<>());
  final StringWriter startup = new StringWriter();
  private final ServeCommand.Running running;

  AdminCli(Path dir) throws IOException {
    this.dir = dir;
    this.config = dir.resolve("mcpgate.yaml");
    Files.writeString(config, """
        sources: []
        policy:
          default: allow
        store:
          url: jdbc:sqlite:%s
        admin:
          port: 0
        """.formatted(dir.resolve("control.db").toString().replace('\\', '/')));
    Files.writeString(dir.resolve("pets-v1.yaml"), StoreCommandsTest.PETS_V1);
    Files.writeString(dir.resolve("pets-v2.yaml"), StoreCommandsTest.PETS_V2);
    environment.put("MCPGATE_CONFIG_HOME", dir.resolve("home").toString());
    running = ServeCommand.start(config, 0, environment::get, new PrintWriter(startup, true));
    admin = running.adminUri();
    Run created = store("operators", "create", "ada", "--role", "admin", "--output", "json");
    assertThat(created.code()).as(created.err()).isZero();
    token = created.json().at("/result/token").asString();
  }

  /** The admin URL as an operator types it: the mount point without the trailing slash. */
  String adminUrl() {
    String base = admin.toString();
    return base.substring(0, base.length() - 1);
  }

  /** The CLI over the admin API, the token from MCPGATE_TOKEN. */
  Run api(String... args) {
    Map<String, String> env = new HashMap<>(environment);
    env.put("MCPGATE_TOKEN", token);
    return execute(env, append(args, "--admin-url", adminUrl()));
  }

  /** The CLI on the store, as the local administrator. */
  Run store(String... args) {
    return execute(environment, append(args, "--config", config.toString()));
  }

  /** The CLI with exactly these arguments and environment variables. */
  Run execute(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = McpgateCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true),
        env::get);
    Run run = new Run(List.of(args), code, out.toString(), err.toString());
    runs.add(run);
    return run;
  }

  /** Curl-style HTTP to the admin API with the admin's token. */
  Exchange http(String method, String path, @Nullable String json, String... headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(admin.resolve("api/v1" + path))
        .header("Authorization", "Bearer " + token)
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> response = HTTP.send(request.build(),
        HttpResponse.BodyHandlers.ofString());
    Exchange exchange = new Exchange(method, path, response.statusCode(),
        response.headers().map(), response.body());
    exchanges.add(exchange);
    return exchange;
  }

  private static String[] append(String[] args, String... more) {
    String[] all = new String[args.length + more.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }

  @Override
  public void close() {
    running.close();
  }
}
