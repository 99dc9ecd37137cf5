package dev.mcpgate.core.credentials;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A real login endpoint on loopback: records what arrived, counts requests, and answers with the
 * status, {@code Set-Cookie} headers and body the test scripted.
 */
final class LoginServer implements AutoCloseable {

  /** One request as it arrived. */
  record Received(
      String method, @Nullable String contentType, @Nullable String cookie, String body) {}

  /** One scripted answer. */
  record Answer(int status, List<String> setCookies, String body) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();
  private volatile Function<Received, Answer> script =
      request -> session("sid=s-" + count.get() + "; Path=/; HttpOnly");
  private volatile @Nullable CountDownLatch hold;

  LoginServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/login", this::handle);
    server.start();
  }

  /** A 200 answer setting these cookies. */
  static Answer session(String... setCookies) {
    return new Answer(200, List.of(setCookies), "{\"ok\":true}");
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/login";
  }

  void answer(Function<Received, Answer> script) {
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
      Received request =
          new Received(
              exchange.getRequestMethod(),
              exchange.getRequestHeaders().getFirst("Content-Type"),
              exchange.getRequestHeaders().getFirst("Cookie"),
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
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
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      answer.setCookies().forEach(value -> exchange.getResponseHeaders().add("Set-Cookie", value));
      if (answer.status() / 100 == 3) {
        exchange.getResponseHeaders().set("Location", "http://127.0.0.1:1/home");
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
