package dev.mcpgate.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.jspecify.annotations.Nullable;

/**
 * A loopback HTTP (or HTTPS) server that stands in for an upstream API in tests: script its
 * answers, run the code under test, then verify what it received. Modelled on OkHttp's
 * mockwebserver; built on the JDK's {@code com.sun.net.httpserver} alone.
 *
 * <pre>{@code
 * try (FakeUpstream upstream = FakeUpstream.start()) {
 *   // script
 *   upstream.enqueue(FakeUpstream.Answer.json(200, "{\"id\":\"42\",\"status\":\"paid\"}"));
 *   upstream.enqueue(FakeUpstream.Answer.status(500).hang(Duration.ofSeconds(2)));
 *   upstream.enqueue(FakeUpstream.Answer.closeWithoutAnswer());
 *
 *   // run: point the code under test at upstream.url()
 *   TargetPolicy targets = TargetPolicy.builder().allowHost("127.0.0.1").allowLoopback().build();
 *   ...
 *
 *   // verify
 *   FakeUpstream.RecordedRequest request = upstream.takeRequest();
 *   assertThat(request.method()).isEqualTo("GET");
 *   assertThat(request.path()).isEqualTo("/v1/orders/42");
 *   assertThat(request.header("X-Api-Key")).hasValue("test-key");
 *   assertThat(upstream.requestCount()).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>Each request takes the next {@linkplain #enqueue(Answer) enqueued} answer; once the queue
 * is empty, the {@linkplain #otherwise(Responder) responder} answers (by default {@code 200}
 * with an empty JSON object). A responder sees the recorded request, so it can echo or route.
 * Answers can also misbehave: {@linkplain Answer#hang(Duration) hang} before answering,
 * {@linkplain Answer#closeWithoutAnswer() close the connection} without a status line, or
 * {@linkplain Answer#cutAfter(long) break off} in the middle of the body. A {@linkplain
 * Answer#filler(int, long) filler} body of any length is streamed without being held in
 * memory.
 *
 * <p>Every request is recorded before it is answered: method, raw path, raw query, headers (names
 * case-insensitive), body bytes and, over HTTPS, the client certificate's subject.
 *
 * <p>Thread-safe: requests are served concurrently, and scripting and verifying may happen from
 * any thread. {@link #close()} stops the server at once, ending answers that still hang.
 */
public final class FakeUpstream implements AutoCloseable {

  private static final Answer DEFAULT_ANSWER = Answer.json(200, "{}");

  private final HttpServer server;
  private final ExecutorService workers;
  private final boolean https;
  private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
  private final List<RecordedRequest> recorded = new CopyOnWriteArrayList<>();
  private final BlockingQueue<RecordedRequest> untaken = new LinkedBlockingQueue<>();
  private final AtomicInteger sequence = new AtomicInteger();
  private volatile Responder otherwise = request -> DEFAULT_ANSWER;

  private FakeUpstream(Builder builder) throws IOException {
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    SSLContext tls = builder.tls;
    if (tls == null) {
      server = HttpServer.create(loopback, 0);
      https = false;
    } else {
      HttpsServer secure = HttpsServer.create(loopback, 0);
      boolean needClientAuth = builder.requireClientCertificate;
      secure.setHttpsConfigurator(new HttpsConfigurator(tls) {
        @Override
        public void configure(HttpsParameters params) {
          SSLParameters parameters = tls.getDefaultSSLParameters();
          parameters.setNeedClientAuth(needClientAuth);
          params.setSSLParameters(parameters);
        }
      });
      server = secure;
      https = true;
    }
    AtomicInteger threads = new AtomicInteger();
    workers = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "fake-upstream-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(workers);
    server.createContext("/", this::serve);
    server.start();
  }

  /**
   * Starts a plain HTTP server on a free loopback port.
   *
   * @return the running server
   * @throws UncheckedIOException if no server socket can be opened
   */
  public static FakeUpstream start() {
    return builder().start();
  }

  /**
   * A builder, for an HTTPS server.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The base URL, {@code http://127.0.0.1:port} or {@code https://127.0.0.1:port} (the loopback
   * address as a literal, so that no name resolution is involved), without a trailing slash.
   *
   * @return the base URL
   */
  public URI url() {
    return URI.create((https ? "https" : "http") + "://" + host() + ":" + port());
  }

  /**
   * A URL on this server.
   *
   * @param pathAndQuery the raw path, starting with {@code /}, with an optional query
   * @return the URL
   * @throws IllegalArgumentException if the path does not start with {@code /} or is not a
   *     valid URI reference
   */
  public URI url(String pathAndQuery) {
    if (!pathAndQuery.startsWith("/")) {
      throw new IllegalArgumentException("the path must start with '/', was " + pathAndQuery);
    }
    return URI.create(url() + pathAndQuery);
  }

  /**
   * The host the server listens on, as an IP literal.
   *
   * @return the loopback address, such as {@code 127.0.0.1}
   */
  public String host() {
    String address = server.getAddress().getAddress().getHostAddress();
    return address.indexOf(':') >= 0 ? "[" + address + "]" : address;
  }

  /**
   * The port the server listens on.
   *
   * @return the port
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Adds an answer to the script: requests take enqueued answers in order, one each.
   *
   * @param answer the answer
   * @return this server
   */
  public FakeUpstream enqueue(Answer answer) {
    script.add(Objects.requireNonNull(answer, "answer"));
    return this;
  }

  /**
   * Sets how requests are answered once the script is used up; by default {@code 200} with
   * {@code {}}.
   *
   * @param responder called on a server thread for each such request; must be thread-safe
   * @return this server
   */
  public FakeUpstream otherwise(Responder responder) {
    this.otherwise = Objects.requireNonNull(responder, "responder");
    return this;
  }

  /**
   * Answers every request the script does not answer with the same answer.
   *
   * @param answer the answer
   * @return this server
   */
  public FakeUpstream otherwise(Answer answer) {
    Objects.requireNonNull(answer, "answer");
    return otherwise(request -> answer);
  }

  /**
   * Every request received so far, in the order they arrived.
   *
   * @return a snapshot
   */
  public List<RecordedRequest> requests() {
    return List.copyOf(recorded);
  }

  /**
   * How many requests arrived so far.
   *
   * @return the count
   */
  public int requestCount() {
    return recorded.size();
  }

  /**
   * The only request received.
   *
   * @return the request
   * @throws AssertionError unless exactly one request arrived
   */
  public RecordedRequest onlyRequest() {
    List<RecordedRequest> all = requests();
    if (all.size() != 1) {
      throw new AssertionError("expected exactly one request, got " + all.size() + ": " + all);
    }
    return all.get(0);
  }

  /**
   * The oldest request not yet taken, waiting up to 5 seconds for one to arrive.
   *
   * @return the request
   * @throws AssertionError if none arrives in time
   */
  public RecordedRequest takeRequest() {
    return takeRequest(Duration.ofSeconds(5))
        .orElseThrow(() -> new AssertionError("no request arrived within 5 s"));
  }

  /**
   * The oldest request not yet taken, waiting up to a timeout for one to arrive.
   *
   * @param timeout how long to wait
   * @return the request, or empty if none arrived in time
   */
  public Optional<RecordedRequest> takeRequest(Duration timeout) {
    try {
      return Optional.ofNullable(untaken.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Stops the server at once; answers still hanging or streaming are cut off. */
  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }

  @Override
  public String toString() {
    return "FakeUpstream[" + url() + ", " + requestCount() + " requests]";
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      RecordedRequest request = record(exchange);
      Answer answer = script.poll();
      if (answer == null) {
        answer = respond(request);
      }
      if (!answer.delay.isZero() && !pause(answer.delay)) {
        return;
      }
      if (answer.kind == Kind.CLOSE) {
        // Closing an exchange before its status line was sent closes the connection.
        return;
      }
      answer.headers.forEach((name, values) ->
          values.forEach(value -> exchange.getResponseHeaders().add(name, value)));
      long length = answer.length();
      boolean noBody = length == 0 || exchange.getRequestMethod().equals("HEAD")
          || answer.status == 204 || answer.status == 304;
      exchange.sendResponseHeaders(answer.status, noBody ? -1 : length);
      if (noBody) {
        return;
      }
      OutputStream out = exchange.getResponseBody();
      long limit = answer.kind == Kind.CUT ? Math.min(answer.cutAfter, length) : length;
      answer.write(out, limit);
      out.flush();
      if (answer.kind == Kind.CUT) {
        // Abandoning the handler with the body unfinished makes the server drop the connection.
        throw new BrokenOff();
      }
    } catch (IOException clientGone) {
      // The client stopped reading (a size cap or a timeout on its side): nothing to answer.
    }
  }

  /** The responder's answer; a responder's bug becomes a 500 that names it, not a hang-up. */
  private Answer respond(RecordedRequest request) {
    try {
      Answer answer = otherwise.answer(request);
      return answer != null ? answer : Answer.text(500, "the FakeUpstream responder answered null");
    } catch (RuntimeException bug) {
      return Answer.text(500, "the FakeUpstream responder threw " + bug);
    }
  }

  private RecordedRequest record(HttpExchange exchange) throws IOException {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    exchange.getRequestHeaders().forEach((name, values) ->
        headers.computeIfAbsent(name, key -> new ArrayList<>()).addAll(values));
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    String peer = null;
    if (exchange instanceof HttpsExchange secure) {
      try {
        peer = secure.getSSLSession().getPeerPrincipal().getName();
      } catch (SSLPeerUnverifiedException anonymous) {
        peer = null;
      }
    }
    URI uri = exchange.getRequestURI();
    RecordedRequest request = new RecordedRequest(sequence.getAndIncrement(),
        exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), headers, body, peer);
    recorded.add(request);
    untaken.add(request);
    return request;
  }

  private static boolean pause(Duration delay) {
    try {
      Thread.sleep(delay.toMillis(), (int) (delay.toNanos() % 1_000_000));
      return true;
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Thrown out of a handler to make the JDK server drop the connection mid-body. */
  private static final class BrokenOff extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BrokenOff() {
      super("the fake upstream broke off the response, as scripted", null, false, false);
    }
  }

  /** Decides how to answer a request the script does not cover. */
  @FunctionalInterface
  public interface Responder {

    /**
     * The answer to a request.
     *
     * @param request the request as recorded
     * @return the answer; null, or an exception, is answered with a 500 that says so
     */
    Answer answer(RecordedRequest request);
  }

  /**
   * One request as it arrived.
   *
   * @param sequence 0 for the first request this server received, then 1, 2, ...
   * @param method the method, such as {@code GET}
   * @param path the raw (still percent-encoded) path
   * @param query the raw query without {@code ?}, or null if there was none
   * @param headers the headers; lookups ignore the case of names
   * @param body the body bytes, empty if there was none
   * @param clientCertificate the subject of the client certificate presented over HTTPS, or
   *     null
   */
  public record RecordedRequest(
      int sequence,
      String method,
      String path,
      @Nullable String query,
      Map<String, List<String>> headers,
      byte[] body,
      @Nullable String clientCertificate) {

    /** Copies the headers and the body; header names stay case-insensitive. */
    public RecordedRequest {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(path, "path");
      Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
      headers = Collections.unmodifiableMap(copy);
      body = body.clone();
    }

    /**
     * The body bytes.
     *
     * @return a copy
     */
    @Override
    public byte[] body() {
      return body.clone();
    }

    /**
     * The body decoded as UTF-8.
     *
     * @return the text, empty if there was no body
     */
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The first value of a header.
     *
     * @param name the header's name, any case
     * @return the value, if the header was sent
     */
    public Optional<String> header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * Every value of a header.
     *
     * @param name the header's name, any case
     * @return the values, empty if the header was not sent
     */
    public List<String> headerValues(String name) {
      return headers.getOrDefault(name, List.of());
    }

    /**
     * The raw path with the raw query, as in the request line.
     *
     * @return such as {@code /v1/orders?limit=2}
     */
    public String target() {
      return query == null ? path : path + "?" + query;
    }

    /**
     * Whether a text occurs anywhere in what was received: the target, any header name or
     * value, or the body (decoded as UTF-8). Useful to prove a value never reached the upstream.
     *
     * @param text the text to look for
     * @return true if it occurs
     */
    public boolean contains(String text) {
      if (target().contains(text) || bodyText().contains(text)) {
        return true;
      }
      for (Map.Entry<String, List<String>> header : headers.entrySet()) {
        if (header.getKey().contains(text)) {
          return true;
        }
        for (String value : header.getValue()) {
          if (value.contains(text)) {
            return true;
          }
        }
      }
      return false;
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof RecordedRequest that
          && sequence == that.sequence
          && method.equals(that.method)
          && path.equals(that.path)
          && Objects.equals(query, that.query)
          && headers.equals(that.headers)
          && Arrays.equals(body, that.body)
          && Objects.equals(clientCertificate, that.clientCertificate);
    }

    @Override
    public int hashCode() {
      return Objects.hash(sequence, method, path, query, headers, Arrays.hashCode(body),
          clientCertificate);
    }

    /** The request line and the body's length; header values are left out. */
    @Override
    public String toString() {
      return "RecordedRequest[#" + sequence + " " + method + " " + target() + ", "
          + body.length + " body bytes]";
    }
  }

  private enum Kind { ANSWER, CLOSE, CUT }

  /**
   * A scripted answer: status, headers and body, and optionally a delay or a broken
   * connection. Immutable and thread-safe; the {@code with...} methods return changed copies.
   */
  public static final class Answer {

    private static final int FILLER_CHUNK = 64 * 1024;

    private final Kind kind;
    private final int status;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final long fillerLength;
    private final byte filler;
    private final Duration delay;
    private final long cutAfter;

    private Answer(Kind kind, int status, Map<String, List<String>> headers, byte[] body,
        long fillerLength, byte filler, Duration delay, long cutAfter) {
      this.kind = kind;
      this.status = status;
      this.headers = headers;
      this.body = body;
      this.fillerLength = fillerLength;
      this.filler = filler;
      this.delay = delay;
      this.cutAfter = cutAfter;
    }

    /**
     * An answer with a status and no body.
     *
     * @param status 100 to 599
     * @return the answer
     * @throws IllegalArgumentException if the status is out of range
     */
    public static Answer status(int status) {
      if (status < 100 || status > 599) {
        throw new IllegalArgumentException("status must be 100 to 599, was " + status);
      }
      return new Answer(Kind.ANSWER, status, Map.of(), new byte[0], -1, (byte) 0,
          Duration.ZERO, 0);
    }

    /**
     * An answer with a JSON body ({@code Content-Type: application/json}).
     *
     * @param status 100 to 599
     * @param json the body
     * @return the answer
     * @throws IllegalArgumentException if the status is out of range
     */
    public static Answer json(int status, String json) {
      return status(status).withHeader("Content-Type", "application/json").withBody(json);
    }

    /**
     * An answer with a plain-text body ({@code Content-Type: text/plain; charset=utf-8}).
     *
     * @param status 100 to 599
     * @param text the body
     * @return the answer
     * @throws IllegalArgumentException if the status is out of range
     */
    public static Answer text(int status, String text) {
      return status(status).withHeader("Content-Type", "text/plain; charset=utf-8")
          .withBody(text);
    }

    /**
     * An answer whose body is {@code length} bytes of filler ({@code 'x'}), streamed in chunks
     * and never held in memory, with {@code Content-Type: text/plain}.
     *
     * @param status 100 to 599
     * @param length zero or more bytes
     * @return the answer
     * @throws IllegalArgumentException if the status or the length is out of range
     */
    public static Answer filler(int status, long length) {
      if (length < 0) {
        throw new IllegalArgumentException("length must not be negative, was " + length);
      }
      Answer base = status(status).withHeader("Content-Type", "text/plain");
      return new Answer(Kind.ANSWER, base.status, base.headers, new byte[0], length, (byte) 'x',
          Duration.ZERO, 0);
    }

    /**
     * Closes the connection without sending a status line.
     *
     * @return the answer
     */
    public static Answer closeWithoutAnswer() {
      return new Answer(Kind.CLOSE, 200, Map.of(), new byte[0], -1, (byte) 0, Duration.ZERO, 0);
    }

    /**
     * A copy that adds a header (a header may have several values).
     *
     * @param name the name
     * @param value the value
     * @return the changed copy
     * @throws IllegalArgumentException if the name is blank or a value has CR or LF
     */
    public Answer withHeader(String name, String value) {
      if (name.isBlank() || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("a header needs a name and a value without CR or LF");
      }
      Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      copy.putAll(headers);
      List<String> values = new ArrayList<>(copy.getOrDefault(name, List.of()));
      values.add(value);
      copy.put(name, List.copyOf(values));
      return new Answer(kind, status, Collections.unmodifiableMap(copy), body, fillerLength,
          filler, delay, cutAfter);
    }

    /**
     * A copy with a body, replacing any body or filler.
     *
     * @param body the bytes
     * @return the changed copy
     */
    public Answer withBody(byte[] body) {
      return new Answer(kind, status, headers, body.clone(), -1, filler, delay, cutAfter);
    }

    /**
     * A copy with a UTF-8 body, replacing any body or filler.
     *
     * @param body the text
     * @return the changed copy
     */
    public Answer withBody(String body) {
      return withBody(body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A copy that waits before answering (or before closing the connection), as a slow or
     * stuck upstream would. The request is recorded at once.
     *
     * @param delay zero or more
     * @return the changed copy
     * @throws IllegalArgumentException if the delay is negative
     */
    public Answer hang(Duration delay) {
      if (delay.isNegative()) {
        throw new IllegalArgumentException("delay must not be negative, was " + delay);
      }
      return new Answer(kind, status, headers, body, fillerLength, filler, delay, cutAfter);
    }

    /**
     * A copy that announces its whole body in {@code Content-Length} but closes the connection
     * after sending only the first {@code bytes} bytes of it.
     *
     * @param bytes how many body bytes to send, zero or more
     * @return the changed copy
     * @throws IllegalArgumentException if negative
     */
    public Answer cutAfter(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("bytes must not be negative, was " + bytes);
      }
      return new Answer(Kind.CUT, status, headers, body, fillerLength, filler, delay, bytes);
    }

    /**
     * The status sent.
     *
     * @return the status
     */
    public int statusCode() {
      return status;
    }

    private long length() {
      return fillerLength >= 0 ? fillerLength : body.length;
    }

    private void write(OutputStream out, long limit) throws IOException {
      if (fillerLength < 0) {
        out.write(body, 0, (int) Math.min(limit, body.length));
        return;
      }
      byte[] chunk = new byte[(int) Math.min(FILLER_CHUNK, Math.max(limit, 1))];
      Arrays.fill(chunk, filler);
      for (long left = limit; left > 0; ) {
        int n = (int) Math.min(chunk.length, left);
        out.write(chunk, 0, n);
        left -= n;
      }
    }

    /** The status, the header names and the body's length; never header values. */
    @Override
    public String toString() {
      return "Answer[" + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + status + " "
          + headers.keySet() + ", " + length() + " body bytes"
          + (delay.isZero() ? "" : ", after " + delay.toMillis() + " ms") + "]";
    }
  }

  /** Builds a {@link FakeUpstream}. Not thread-safe. */
  public static final class Builder {
    private @Nullable SSLContext tls;
    private boolean requireClientCertificate;

    private Builder() {}

    /**
     * Serves HTTPS with this context's server certificate instead of plain HTTP.
     *
     * @param tls the server's TLS context (its key managers present the server certificate)
     * @return this builder
     */
    public Builder https(SSLContext tls) {
      this.tls = Objects.requireNonNull(tls, "tls");
      return this;
    }

    /**
     * Makes the TLS handshake fail unless the client presents a certificate the context's
     * trust managers accept, for mutual TLS. Only with {@link #https(SSLContext)}.
     *
     * @param require whether a client certificate is required
     * @return this builder
     */
    public Builder requireClientCertificate(boolean require) {
      this.requireClientCertificate = require;
      return this;
    }

    /**
     * Starts the server on a free loopback port.
     *
     * @return the running server
     * @throws IllegalStateException if a client certificate is required without HTTPS
     * @throws UncheckedIOException if no server socket can be opened
     */
    public FakeUpstream start() {
      if (requireClientCertificate && tls == null) {
        throw new IllegalStateException("requireClientCertificate needs https(SSLContext)");
      }
      try {
        return new FakeUpstream(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the fake upstream", e);
      }
    }
  }
}
