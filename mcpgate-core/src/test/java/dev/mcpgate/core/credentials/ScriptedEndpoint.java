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
 * A real HTTP endpoint on loopback: records what arrived as an {@code R}, counts requests, and
 * answers with the {@code A} the test scripted, which a subclass writes out.
 */
abstract class ScriptedEndpoint<R, A> implements AutoCloseable {

  private final HttpServer server;
  private final String path;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<R> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();
  private volatile Function<R, A> script =
      request -> {
        throw new IllegalStateException("no answer scripted");
      };
  private volatile @Nullable CountDownLatch hold;

  ScriptedEndpoint(String path) {
    this.path = path;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext(path, this::handle);
    server.start();
  }

  /** The request as the test sees it. */
  abstract R parse(HttpExchange exchange) throws IOException;

  /** Sends the answer: sets its headers, then calls {@link #send}. */
  abstract void respond(HttpExchange exchange, A answer) throws IOException;

  /** Sends the status and the body, if there is one. */
  static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  void answer(Function<R, A> script) {
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

  R last() {
    return received.get(received.size() - 1);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      R request = parse(exchange);
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
      respond(exchange, script.apply(request));
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
