package dev.mcpgate.core.credentials;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A real OAuth2 token endpoint on loopback: records what arrived, counts requests, and answers what
 * the test scripted.
 */
final class TokenServer implements AutoCloseable {

  /** One request as it arrived. */
  record Received(
      String method,
      @Nullable String authorization,
      @Nullable String contentType,
      Map<String, String> form) {}

  /** One scripted answer. */
  record Answer(int status, String contentType, String body) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();
  private volatile java.util.function.Function<Received, Answer> script =
      request -> token("token-1", 3600);
  private volatile @Nullable CountDownLatch hold;

  TokenServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/token", this::handle);
    server.start();
  }

  static Answer token(String accessToken, long expiresIn) {
    return json(
        200,
        "{\"access_token\":\""
            + accessToken
            + "\",\"token_type\":\"Bearer\","
            + "\"expires_in\":"
            + expiresIn
            + "}");
  }

  static Answer json(int status, String body) {
    return new Answer(status, "application/json", body);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  void answer(java.util.function.Function<Received, Answer> script) {
    this.script = script;
  }

  /** Answers nothing until {@link #release()}. */
  void holdAnswers() {
    hold = new CountDownLatch(1);
  }

  void release() {
    CountDownLatch latch = hold;
    if (latch != null) {
      latch.countDown();
    }
  }

  int requests() {
    return count.get();
  }

  Received last() {
    return received.get(received.size() - 1);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> form = new LinkedHashMap<>();
      for (String pair : body.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          form.put(
              URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      Received request =
          new Received(
              exchange.getRequestMethod(),
              exchange.getRequestHeaders().getFirst("Authorization"),
              exchange.getRequestHeaders().getFirst("Content-Type"),
              form);
      received.add(request);
      count.incrementAndGet();
      CountDownLatch latch = hold;
      if (latch != null) {
        try {
          latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      Answer answer = script.apply(request);
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", answer.contentType());
      if (answer.status() / 100 == 3) {
        exchange.getResponseHeaders().set("Location", "http://127.0.0.1:1/elsewhere");
      }
      exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    executor.shutdownNow();
  }
}
