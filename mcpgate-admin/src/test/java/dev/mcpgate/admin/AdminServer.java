package dev.mcpgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.control.Actor;
import dev.mcpgate.control.Command;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.IssuedOperatorToken;
import dev.mcpgate.control.Outcome;
import dev.mcpgate.control.Role;
import dev.mcpgate.control.Surface;
import dev.mcpgate.control.store.ControlStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An application on embedded Jetty 12 that mounts the admin API at {@code /admin/*} on loopback,
 * over a control plane in a temporary SQLite file, with one operator per role. Every answer it
 * gets is checked against the OpenAPI document and kept for the secret searches.
 */
final class AdminServer implements AutoCloseable {

  static final OpenApiDocument DOCUMENT = OpenApiDocument.load();

  /** Every answer this server gave, for the secret searches. */
  final List<Answer> answers = Collections.synchronizedList(new ArrayList<>());

  final ControlPlane control;
  final String admin;
  final String approver;
  final String operator;
  final String viewer;
  private final Server jetty;
  private final URI base;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  /** An answer: status, headers, body. */
  record Answer(String method, String path, int status, Map<String, List<String>> headers,
      String body) {

    @Nullable String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .findFirst().map(e -> e.getValue().get(0)).orElse(null);
    }

    JsonNode json() {
      return OpenApiDocument.JSON.readTree(body);
    }
  }

  private AdminServer(ControlPlane control, AdminApiConfig config) throws Exception {
    this.control = control;
    this.admin = operator("root", Role.ADMIN);
    this.approver = operator("anna", Role.APPROVER);
    this.operator = operator("olga", Role.OPERATOR);
    this.viewer = operator("vera", Role.VIEWER);
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new AdminApiServlet(config)), "/admin/*");
    jetty.setHandler(context);
    jetty.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/admin");
  }

  static AdminServer start(Path dir) throws Exception {
    return start(dir, builder -> builder);
  }

  static AdminServer start(Path dir, UnaryOperator<AdminApiConfig.Builder> configure)
      throws Exception {
    ControlPlane control = ControlPlane.builder(ControlStore.sqlite(dir.resolve("mcpgate.db")))
        .build();
    return new AdminServer(control, configure.apply(AdminApiConfig.builder(control)).build());
  }

  private String operator(String name, Role role) {
    Outcome<IssuedOperatorToken> created = control.apply(Actor.local(Surface.CLI),
        new Command.CreateOperator(name, role));
    return ((Outcome.Applied<IssuedOperatorToken>) created).result().token();
  }

  URI uri(String path) {
    return URI.create(base + path);
  }

  Answer get(String path, @Nullable String token) {
    return send("GET", path, token, null, null);
  }

  Answer send(String method, String path, @Nullable String token, @Nullable String json,
      @Nullable Map<String, String> headers) {
    return send(method, path, token, json == null ? null : json.getBytes(
        java.nio.charset.StandardCharsets.UTF_8), json == null ? null : "application/json",
        headers);
  }

  Answer send(String method, String path, @Nullable String token, byte @Nullable [] body,
      @Nullable String contentType, @Nullable Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (headers != null) {
      headers.forEach(request::header);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    String rawPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    Answer answer = new Answer(method, rawPath, response.statusCode(),
        response.headers().map(), response.body());
    answers.add(answer);
    String contentTypeAnswered = answer.header("Content-Type");
    assertThat(DOCUMENT.check(method, rawPath, answer.status(),
        contentTypeAnswered == null ? "" : contentTypeAnswered, answer.body()))
        .as("the answer to %s %s conforms to the OpenAPI document", method, path)
        .isEmpty();
    return answer;
  }

  @Override
  public void close() {
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      control.close();
    }
  }
}
