package dev.mcpgate.admin.ui;

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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;

/**
 * An application on embedded Jetty 12 that mounts the UI at {@code /admin/*} on loopback, over a
 * control plane in a temporary SQLite file, with one operator per role. Every page it answers is
 * kept for the secret searches.
 */
final class UiServer implements AutoCloseable {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  final List<Page> pages = Collections.synchronizedList(new ArrayList<>());
  final ControlPlane control;
  final AdminUiServlet servlet;
  final Map<Role, String> tokens = new LinkedHashMap<>();
  private final Server jetty;
  final URI base;

  /** An answer: status, headers, body. */
  record Page(String method, String path, int status, Map<String, List<String>> headers,
      String body) {

    @Nullable String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .findFirst().map(e -> e.getValue().get(0)).orElse(null);
    }

    String csrf() {
      Matcher m = CSRF.matcher(body);
      if (!m.find()) {
        throw new AssertionError("no CSRF field on " + path);
      }
      return m.group(1);
    }
  }

  /** A browser-like client: its own cookie jar, no redirects followed. */
  final class Browser {
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5)).build();

    Page get(String path) {
      return send("GET", path, null, Map.of());
    }

    Page get(String path, Map<String, String> headers) {
      return send("GET", path, null, headers);
    }

    Page post(String path, Map<String, String> form) {
      return send("POST", path, encode(form), Map.of());
    }

    Page post(String path, String encodedForm) {
      return send("POST", path, encodedForm, Map.of());
    }

    Page post(String path, String encodedForm, Map<String, String> headers) {
      return send("POST", path, encodedForm, headers);
    }

    /** Follows a 303 as a browser would. */
    Page follow(Page page) {
      if (page.status() != 303) {
        return page;
      }
      String location = page.header("Location");
      return get(location.substring(base.getPath().length()));
    }

    Browser logIn(Role role) {
      Page answer = post("login", Map.of("token", tokens.get(role)));
      if (answer.status() != 303) {
        throw new AssertionError("login failed: " + answer.status() + " " + answer.body());
      }
      return this;
    }

    boolean hasSession() {
      return cookies.containsKey("mcpgate_ui");
    }

    /** Follows an absolute link (such as to an identity provider) with the same cookie jar. */
    Page visit(URI uri) {
      return send("GET", uri, uri.toString(), null, Map.of());
    }

    private Page send(String method, String path, @Nullable String body,
        Map<String, String> headers) {
      return send(method, URI.create(base + path), path, body, headers);
    }

    private Page send(String method, URI uri, String path, @Nullable String body,
        Map<String, String> headers) {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri)
          .timeout(Duration.ofSeconds(30))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body));
      if (body != null) {
        request.header("Content-Type", "application/x-www-form-urlencoded");
      }
      if (!cookies.isEmpty()) {
        request.header("Cookie", cookies.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
      }
      headers.forEach(request::header);
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      for (String cookie : response.headers().allValues("Set-Cookie")) {
        String pair = cookie.split(";", 2)[0];
        int eq = pair.indexOf('=');
        String value = pair.substring(eq + 1);
        if (value.isEmpty()) {
          cookies.remove(pair.substring(0, eq));
        } else {
          cookies.put(pair.substring(0, eq), value);
        }
      }
      Page page = new Page(method, path, response.statusCode(), response.headers().map(),
          response.body());
      pages.add(page);
      return page;
    }
  }

  static String encode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private UiServer(ControlPlane control, AdminUiConfig config) throws Exception {
    this.control = control;
    for (Role role : Role.values()) {
      Outcome<IssuedOperatorToken> created = control.apply(Actor.local(Surface.CLI),
          new Command.CreateOperator(role.name().toLowerCase(java.util.Locale.ROOT) + "-op",
              role));
      tokens.put(role, ((Outcome.Applied<IssuedOperatorToken>) created).result().token());
    }
    servlet = new AdminUiServlet(config);
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(servlet), "/admin/*");
    jetty.setHandler(context);
    jetty.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/admin/");
  }

  static UiServer start(Path dir) throws Exception {
    return start(dir, builder -> builder);
  }

  static UiServer start(Path dir, UnaryOperator<AdminUiConfig.Builder> configure)
      throws Exception {
    ControlPlane control = ControlPlane.builder(ControlStore.sqlite(dir.resolve("mcpgate.db")))
        .build();
    return new UiServer(control, configure.apply(AdminUiConfig.builder(control)).build());
  }

  Browser browser() {
    return new Browser();
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
