package dev.mcpgate.core;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/** A loopback HTTP server that records what arrives and answers as scripted. */
final class UpstreamServer implements AutoCloseable {

  /** One request as it arrived. */
  record Received(String method, String path, String query, Map<String, List<String>> headers,
      String body) {
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
      return values == null ? null : values.get(0);
    }
  }

  /** A scripted answer. */
  record Answer(int status, String contentType, String body, Map<String, String> headers) {
    static Answer json(int status, String body) {
      return new Answer(status, "application/json", body, Map.of());
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedDeque<Answer> script = new ConcurrentLinkedDeque<>();
  private volatile Answer fallback = Answer.json(200, "{\"ok\":true}");

  UpstreamServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      Map<String, List<String>> headers = new TreeMap<>();
      exchange.getRequestHeaders().forEach((name, values) ->
          headers.put(name.toLowerCase(java.util.Locale.ROOT), List.copyOf(values)));
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
          exchange.getRequestURI().getRawQuery(), headers, body));
      Answer answer = script.isEmpty() ? fallback : script.pollFirst();
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      if (answer.contentType() != null) {
        exchange.getResponseHeaders().add("Content-Type", answer.contentType());
      }
      answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  int port() {
    return server.getAddress().getPort();
  }

  UpstreamServer then(Answer answer) {
    script.addLast(answer);
    return this;
  }

  UpstreamServer always(Answer answer) {
    fallback = answer;
    return this;
  }

  List<Received> received() {
    return new ArrayList<>(received);
  }

  Received only() {
    if (received.size() != 1) {
      throw new AssertionError("expected one upstream request, got " + received.size());
    }
    return received.get(0);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
