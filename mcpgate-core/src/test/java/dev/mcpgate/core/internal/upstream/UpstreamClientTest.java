package dev.mcpgate.core.internal.upstream;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.Secret;
import dev.mcpgate.core.upstream.UpstreamRequest;
import dev.mcpgate.core.upstream.UpstreamResponse;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gateway's HTTP/1.1 client against real loopback servers: {@link HttpServer} and {@link
 * HttpsServer} for well-behaved upstreams, a raw {@link ServerSocket} for malformed, hanging,
 * trickling and closing ones. Every target names {@code api.example.test}, which no DNS server
 * knows: a call that succeeds connected to the checked address, not to a resolution.
 */
class UpstreamClientTest {

  private static final String HOST = "api.example.test";
  private static final String PASSWORD = "changeit";
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Duration SHORT = Duration.ofMillis(300);
  private static final long CAP = 1024 * 1024;

  @TempDir static Path dir;
  private static KeyStore serverKeys;
  private static KeyStore clientKeys;

  private final UpstreamClient client =
      new UpstreamClient(Duration.ofSeconds(2), Duration.ofSeconds(30), 4);
  private final List<AutoCloseable> servers = new ArrayList<>();
  private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();

  /** What a well-behaved server received. */
  private record Seen(String method, String path, String query, Headers headers, byte[] body,
      int remotePort, String principal, List<SNIServerName> serverNames) {}

  // ---- fixtures ----

  @BeforeAll
  static void makeCertificates() throws Exception {
    // Both keytool runs at once: each is a JVM start.
    Process server = keytool("server", "CN=" + HOST, "dns:" + HOST);
    Process client = keytool("client", "CN=mcpgate-client", "dns:client.example");
    for (Process process : List.of(server, client)) {
      String output = new String(process.getInputStream().readAllBytes(), UTF_8);
      assertThat(process.waitFor()).as(output).isZero();
    }
    serverKeys = load("server");
    clientKeys = load("client");
  }

  private static Process keytool(String name, String dname, String san) throws IOException {
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", dname, "-ext", "SAN=" + san, "-validity", "2", "-storetype", "PKCS12",
        "-keystore", dir.resolve(name + ".p12").toString(), "-storepass", PASSWORD)
        .redirectErrorStream(true).start();
  }

  private static KeyStore load(String name) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(dir.resolve(name + ".p12").toFile())) {
      store.load(in, PASSWORD.toCharArray());
    }
    return store;
  }

  private static String pem(Certificate certificate) throws Exception {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder().encodeToString(certificate.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  /** A context with the given identity (or none) that trusts exactly one certificate. */
  private static SSLContext context(KeyStore identity, String alias, Certificate trusted)
      throws Exception {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(identity, PASSWORD.toCharArray());
    KeyStore roots = KeyStore.getInstance("PKCS12");
    roots.load(null, null);
    roots.setCertificateEntry(alias, trusted);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(roots);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
    return context;
  }

  private static SSLContext trustingServer() throws Exception {
    KeyStore roots = KeyStore.getInstance("PKCS12");
    roots.load(null, null);
    roots.setCertificateEntry("server", serverKeys.getCertificate("server"));
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(roots);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  @AfterEach
  void stopEverything() throws Exception {
    client.close();
    for (AutoCloseable server : servers) {
      server.close();
    }
  }

  private static InetAddress loopback() throws IOException {
    return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
  }

  private static CheckedTarget.Allowed target(String scheme, String host, int port,
      InetAddress... addresses) {
    return new CheckedTarget.Allowed(
        URI.create(scheme + "://" + host + ":" + port + "/"), host, port, List.of(addresses), 0);
  }

  private static CheckedTarget.Allowed target(int port) throws IOException {
    return target("http", HOST, port, loopback());
  }

  private static UpstreamRequest get(int port, String pathAndQuery, String... headers) {
    return request("GET", "http", port, pathAndQuery, null, headers);
  }

  private static UpstreamRequest request(String method, String scheme, int port,
      String pathAndQuery, String jsonBody, String... headers) {
    List<Map.Entry<String, String>> list = new ArrayList<>();
    for (int i = 0; i < headers.length; i += 2) {
      list.add(Map.entry(headers[i], headers[i + 1]));
    }
    URI uri = URI.create(scheme + "://" + HOST + ":" + port + pathAndQuery);
    return new UpstreamRequest(method, uri, dev.mcpgate.core.upstream.Headers.copyOf(list), jsonBody == null ? null : jsonBody.getBytes(UTF_8),
        jsonBody == null ? null : "application/json");
  }

  /** A recording server on 127.0.0.1 that answers with {@code respond}. */
  private int http(HttpHandler respond) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(loopback(), 0), 0);
    server.createContext("/", exchange -> {
      remember(exchange, "", List.of());
      respond.handle(exchange);
    });
    server.start();
    servers.add(() -> server.stop(0));
    return server.getAddress().getPort();
  }

  private void remember(HttpExchange exchange, String principal, List<SNIServerName> names)
      throws IOException {
    URI uri = exchange.getRequestURI();
    seen.add(new Seen(exchange.getRequestMethod(), uri.getRawPath(),
        uri.getRawQuery() == null ? "" : uri.getRawQuery(), exchange.getRequestHeaders(),
        exchange.getRequestBody().readAllBytes(), exchange.getRemoteAddress().getPort(),
        principal, names));
  }

  private static HttpHandler answer(int status, String body) {
    return exchange -> {
      byte[] bytes = body.getBytes(UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    };
  }

  /** An HTTPS server with a certificate for {@value #HOST}, optionally requiring a client's. */
  private int https(boolean needClientAuth) throws Exception {
    SSLContext context = context(serverKeys, "client", clientKeys.getCertificate("client"));
    HttpsServer server = HttpsServer.create(new InetSocketAddress(loopback(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters ssl = context.getDefaultSSLParameters();
        ssl.setNeedClientAuth(needClientAuth);
        params.setSSLParameters(ssl);
      }
    });
    server.createContext("/", exchange -> {
      ExtendedSSLSession session = (ExtendedSSLSession) ((HttpsExchange) exchange).getSSLSession();
      String principal;
      try {
        principal = session.getPeerPrincipal().getName();
      } catch (SSLPeerUnverifiedException e) {
        principal = "none";
      }
      remember(exchange, principal, session.getRequestedServerNames());
      answer(200, "{\"secure\":true}").handle(exchange);
    });
    server.start();
    servers.add(() -> server.stop(0));
    return server.getAddress().getPort();
  }

  /** What a raw server does with one accepted connection. */
  @FunctionalInterface
  private interface Script {
    void run(Socket connection, int index) throws Exception;
  }

  /** A server on 127.0.0.1 that runs a script per connection and counts connections. */
  private final class RawServer implements AutoCloseable {
    final ServerSocket socket = new ServerSocket(0, 50, loopback());
    final AtomicInteger accepted = new AtomicInteger();
    final List<Socket> connections = new CopyOnWriteArrayList<>();

    RawServer(Script script) throws IOException {
      servers.add(this);
      Thread acceptor = new Thread(() -> {
        while (!socket.isClosed()) {
          try {
            Socket connection = socket.accept();
            connections.add(connection);
            int index = accepted.getAndIncrement();
            Thread worker = new Thread(() -> {
              try (connection) {
                script.run(connection, index);
              } catch (Exception e) {
                // The client closed first, which several scripts expect.
              }
            });
            worker.setDaemon(true);
            worker.start();
          } catch (IOException e) {
            return;
          }
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket connection : connections) {
        connection.close();
      }
    }
  }

  /** Reads one request head, through the blank line; null at the end of the stream. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      String text = head.toString(ISO_8859_1);
      if (text.endsWith("\r\n\r\n")) {
        return text;
      }
    }
    return null;
  }

  private static void send(Socket connection, String text) throws IOException {
    OutputStream out = connection.getOutputStream();
    out.write(text.getBytes(ISO_8859_1));
    out.flush();
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  // ---- where the connection goes and what arrives ----

  @Test
  void connectsToTheCheckedAddressWhileTheHostHeaderCarriesTheName() throws Exception {
    int port = http(answer(200, "{}"));

    UpstreamResponse response = client.send(get(port, "/v1/ping"), target(port), null, TIMEOUT,
        CAP);

    assertThat(response.status()).isEqualTo(200);
    assertThat(seen.take().headers().getFirst("Host")).isEqualTo(HOST + ":" + port);
  }

  @Test
  void aGetArrivesWithItsMethodPathQueryAndHeaders() throws Exception {
    int port = http(answer(200, "{\"items\":[1,2]}"));

    UpstreamResponse response = client.send(
        get(port, "/v1/items/a%2Fb?q=caf%C3%A9&limit=10", "Accept", "application/json",
            "X-Trace", "t-1"),
        target(port), null, TIMEOUT, CAP);

    Seen request = seen.take();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.path()).isEqualTo("/v1/items/a%2Fb");
    assertThat(request.query()).isEqualTo("q=caf%C3%A9&limit=10");
    assertThat(request.headers().getFirst("Accept")).isEqualTo("application/json");
    assertThat(request.headers().getFirst("X-Trace")).isEqualTo("t-1");
    assertThat(request.headers().getFirst("User-Agent")).isEqualTo("mcpgate");
    assertThat(request.headers().getFirst("Accept-Encoding")).isEqualTo("identity");
    assertThat(request.headers()).doesNotContainKey("Content-length");
    assertThat(request.body()).isEmpty();
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.mediaType()).isEqualTo("application/json");
    assertThat(new String(response.body(), UTF_8)).isEqualTo("{\"items\":[1,2]}");
    assertThat(response.truncated()).isFalse();
  }

  @Test
  void aPostArrivesWithItsJsonBody() throws Exception {
    int port = http(answer(201, "{\"id\":7}"));
    String json = "{\"name\":\"Zoë\",\"tags\":[\"a\",\"b\"]}";

    UpstreamResponse response = client.send(request("POST", "http", port, "/v1/items?dry=false",
        json, "User-Agent", "partner-sdk/2"), target(port), null, TIMEOUT, CAP);

    Seen request = seen.take();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v1/items");
    assertThat(request.query()).isEqualTo("dry=false");
    assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/json");
    assertThat(request.headers().getFirst("Content-Length"))
        .isEqualTo(String.valueOf(json.getBytes(UTF_8).length));
    assertThat(request.headers().get("User-Agent")).containsExactly("partner-sdk/2");
    assertThat(new String(request.body(), UTF_8)).isEqualTo(json);
    assertThat(response.status()).isEqualTo(201);
    assertThat(new String(response.body(), UTF_8)).isEqualTo("{\"id\":7}");
  }

  @Test
  void framingHeadersOfTheRequestAreReplacedByTheGatewaysOwn() throws Exception {
    int port = http(answer(200, "{}"));

    client.send(request("PUT", "http", port, "/v1/items/1", "{\"a\":1}",
        "Host", "evil.example", "Content-Length", "999", "Transfer-Encoding", "chunked",
        "Connection", "close", "Upgrade", "h2c", "TE", "trailers", "Keep-Alive", "timeout=5",
        "Proxy-Authorization", "Basic eA==", "Accept-Encoding", "gzip"),
        target(port), null, TIMEOUT, CAP);

    Seen request = seen.take();
    assertThat(request.headers().get("Host")).containsExactly(HOST + ":" + port);
    assertThat(request.headers().get("Content-Length")).containsExactly("7");
    assertThat(request.headers().get("Accept-Encoding")).containsExactly("identity");
    assertThat(request.headers()).doesNotContainKeys("Transfer-encoding", "Connection", "Upgrade",
        "Te", "Keep-alive", "Proxy-authorization");
    assertThat(new String(request.body(), UTF_8)).isEqualTo("{\"a\":1}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\r\nX-Injected: 1", "a\nX-Injected: 1", "a\rX-Injected", "a\0b"})
  void aHeaderValueWithCrLfOrNulIsRefusedNamingOnlyTheHeader(String value) throws Exception {
    RawServer server = new RawServer((connection, index) -> readHead(connection.getInputStream()));

    assertThatThrownBy(() -> client.send(get(server.port(), "/", "X-Note", value),
        target(server.port()), null, TIMEOUT, CAP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("X-Note")
        .hasMessageNotContaining("Injected");
    assertThat(server.accepted).hasValue(0);
  }

  @Test
  void theNextAddressIsTriedWhenAConnectionIsRefused() throws Exception {
    int port = http(answer(200, "{}"));
    // Linux routes all of 127/8 to loopback, where nothing listens on 127.0.0.2.
    InetAddress unused = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});

    UpstreamResponse response = client.send(get(port, "/"),
        target("http", HOST, port, unused, loopback()), null, TIMEOUT, CAP);

    assertThat(response.status()).isEqualTo(200);
  }

  @Test
  void aRefusedConnectionIsAnIOExceptionWithoutThePathOrQuery() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, loopback())) {
      port = closed.getLocalPort();
    }

    assertThatThrownBy(() -> client.send(get(port, "/private/path?token=canary"), target(port),
        null, TIMEOUT, CAP))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(UpstreamTimeoutException.class)
        .hasMessageContaining(HOST + ":" + port)
        .hasMessageNotContaining("canary")
        .hasMessageNotContaining("private");
  }

  // ---- reading responses ----

  @Test
  void aChunkedResponseWithTrailersIsReadWholeAndKeepsTheConnection() throws Exception {
    RawServer server = new RawServer((connection, index) -> {
      while (readHead(connection.getInputStream()) != null) {
        send(connection, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n7\r\n, world\r\n0\r\nX-Checksum: abc\r\n\r\n");
      }
    });

    UpstreamResponse first = client.send(get(server.port(), "/"), target(server.port()), null,
        TIMEOUT, CAP);
    UpstreamResponse second = client.send(get(server.port(), "/"), target(server.port()), null,
        TIMEOUT, CAP);

    assertThat(new String(first.body(), UTF_8)).isEqualTo("hello, world");
    assertThat(first.truncated()).isFalse();
    assertThat(new String(second.body(), UTF_8)).isEqualTo("hello, world");
    assertThat(server.accepted).hasValue(1);
  }

  @Test
  void aResponseWithoutLengthIsReadUntilTheServerCloses() throws Exception {
    RawServer server = new RawServer((connection, index) -> {
      readHead(connection.getInputStream());
      send(connection, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end");
    });

    UpstreamResponse first = client.send(get(server.port(), "/"), target(server.port()), null,
        TIMEOUT, CAP);
    UpstreamResponse second = client.send(get(server.port(), "/"), target(server.port()), null,
        TIMEOUT, CAP);

    assertThat(new String(first.body(), UTF_8)).isEqualTo("until the end");
    assertThat(new String(second.body(), UTF_8)).isEqualTo("until the end");
    assertThat(server.accepted).hasValue(2);
  }

  @Test
  void interimResponsesAreSkipped() throws Exception {
    RawServer server = new RawServer((connection, index) -> {
      readHead(connection.getInputStream());
      send(connection, "HTTP/1.1 100 Continue\r\n\r\n"
          + "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
          + "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone");
    });

    UpstreamResponse response = client.send(get(server.port(), "/"), target(server.port()), null,
        TIMEOUT, CAP);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Link")).isEmpty();
    assertThat(new String(response.body(), UTF_8)).isEqualTo("done");
  }

  @Test
  void switchingProtocolsIsRefused() throws Exception {
    RawServer server = new RawServer((connection, index) -> {
      readHead(connection.getInputStream());
      send(connection, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n");
    });

    assertThatThrownBy(() -> client.send(get(server.port(), "/"), target(server.port()), null,
        TIMEOUT, CAP))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("switched protocols");
  }

  @Test
  void headAnd204And304ResponsesHaveNoBodyAndKeepTheConnection() throws Exception {
    List<String> answers = List.of(
        "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n",
        "HTTP/1.1 204 No Content\r\n\r\n",
        "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    RawServer server = new RawServer((connection, index) -> {
      for (String answer : answers) {
        readHead(connection.getInputStream());
        send(connection, answer);
      }
    });
    CheckedTarget.Allowed target = target(server.port());

    UpstreamResponse head = client.send(request("HEAD", "http", server.port(), "/", null),
        target, null, TIMEOUT, CAP);
    UpstreamResponse noContent = client.send(get(server.port(), "/"), target, null, TIMEOUT, CAP);
    UpstreamResponse notModified =
        client.send(get(server.port(), "/"), target, null, TIMEOUT, CAP);
    UpstreamResponse ok = client.send(get(server.port(), "/"), target, null, TIMEOUT, CAP);

    assertThat(head.body()).isEmpty();
    assertThat(head.header("Content-Length")).contains("10");
    assertThat(noContent.status()).isEqualTo(204);
    assertThat(notModified.status()).isEqualTo(304);
    assertThat(notModified.body()).isEmpty();
    assertThat(new String(ok.body(), UTF_8)).isEqualTo("ok");
    assertThat(server.accepted).hasValue(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {201, 70_000})
  void oversizedResponseHeadersAreRefused(int size) throws Exception {
    String headers = size == 201 ? "X-H: v\r\n".repeat(201) : "X-Big: " + "v".repeat(size) + "\r\n";
    RawServer server = new RawServer((connection, index) -> {
      readHead(connection.getInputStream());
      send(connection, "HTTP/1.1 200 OK\r\n" + headers + "Content-Length: 0\r\n\r\n");
    });

    assertThatThrownBy(() -> client.send(get(server.port(), "/"), target(server.port()), null,
        TIMEOUT, CAP))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("malformed or oversized response headers");
  }

  @Test
  void aMalformedStatusLineIsRefused() throws Exception {
    RawServer server = new RawServer((connection, index) -> {
      readHead(connection.getInputStream());
      send(connection, "SSH-2.0-OpenSSH_9.6\r\n\r\n");
    });

    assertThatThrownBy(() -> client.send(get(server.port(), "/"), target(server.port()), null,
        TIMEOUT, CAP))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("malformed");
  }

  @Test
  void aMalformedChunkSizeIsRefused() throws Exception {
    RawServer server = new RawServer((connection, index) -> {
      readHead(connection.getInputStream());
      send(connection, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "-5\r\nhello\r\n0\r\n\r\n");
    });

    assertThatThrownBy(() -> client.send(get(server.port(), "/"), target(server.port()), null,
        TIMEOUT, CAP))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("malformed chunked response body");
  }

  @Test
  void aResponseWithBothTransferEncodingAndContentLengthIsReadChunkedAndNotReused()
      throws Exception {
    RawServer server = new RawServer((connection, index) -> {
      while (readHead(connection.getInputStream()) != null) {
        send(connection, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
      }
    });

    UpstreamResponse first = client.send(get(server.port(), "/"), target(server.port()), null,
        TIMEOUT, CAP);
    client.send(get(server.port(), "/"), target(server.port()), null, TIMEOUT, CAP);

    assertThat(new String(first.body(), UTF_8)).isEqualTo("hello");
    assertThat(server.accepted).hasValue(2);
  }

  @Test
  void aResponseThatAsksToCloseTheConnectionIsNotReused() throws Exception {
    RawServer server = new RawServer((connection, index) -> {
      while (readHead(connection.getInputStream()) != null) {
        send(connection, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
      }
    });

    client.send(get(server.port(), "/"), target(server.port()), null, TIMEOUT, CAP);
    client.send(get(server.port(), "/"), target(server.port()), null, TIMEOUT, CAP);

    assertThat(server.accepted).hasValue(2);
  }

  // ---- the size cap ----

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aTenMegabyteResponseIsCutAtTheCapAndReturnsQuickly(boolean declaredLength)
      throws Exception {
    byte[] chunk = new byte[64 * 1024];
    int port = http(exchange -> {
      exchange.sendResponseHeaders(200, declaredLength ? 160L * chunk.length : 0);
      try (OutputStream out = exchange.getResponseBody()) {
        for (int i = 0; i < 160; i++) {
          out.write(chunk);
          if (i >= 32) {
            // Past 2 MB the rest takes 6 s: a client that read it all would miss the deadline.
            Thread.sleep(50);
          }
        }
      } catch (IOException e) {
        // The client stops reading at the cap and hangs up.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    long start = System.nanoTime();

    UpstreamResponse response = client.send(get(port, "/big"), target(port), null, TIMEOUT, CAP);

    assertThat(response.truncated()).isTrue();
    assertThat(response.body()).hasSize((int) CAP);
    assertThat(millisSince(start)).isLessThan(2000);
  }

  @Test
  void aBodyOfExactlyTheCapIsNotTruncated() throws Exception {
    int port = http(answer(200, "x".repeat(1000)));

    UpstreamResponse response = client.send(get(port, "/"), target(port), null, TIMEOUT, 1000);

    assertThat(response.truncated()).isFalse();
    assertThat(response.body()).hasSize(1000);
  }

  @Test
  void aTruncatedResponsesConnectionIsNotReused() throws Exception {
    int port = http(answer(200, "x".repeat(1000)));

    client.send(get(port, "/"), target(port), null, TIMEOUT, 10);
    client.send(get(port, "/"), target(port), null, TIMEOUT, 10);

    assertThat(seen.take().remotePort()).isNotEqualTo(seen.take().remotePort());
  }

  // ---- the deadline ----

  @Test
  void aServerThatNeverAnswersHitsTheDeadline() throws Exception {
    RawServer server = new RawServer((connection, index) -> {
      while (connection.getInputStream().read() >= 0) {
        // Reads the request and says nothing.
      }
    });
    long start = System.nanoTime();

    assertThatThrownBy(() -> client.send(get(server.port(), "/?token=canary"),
        target(server.port()), null, SHORT, CAP))
        .isInstanceOf(UpstreamTimeoutException.class)
        .hasMessage("the upstream did not answer within 300 ms");
    assertThat(millisSince(start)).isBetween(280L, 2000L);
  }

  @Test
  void aServerThatTricklesTheBodyStillHitsTheDeadline() throws Exception {
    RawServer server = new RawServer((connection, index) -> {
      readHead(connection.getInputStream());
      send(connection, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
      for (int i = 0; i < 1000; i++) {
        send(connection, "x");
        Thread.sleep(20);
      }
    });
    long start = System.nanoTime();

    assertThatThrownBy(() -> client.send(get(server.port(), "/"), target(server.port()), null,
        SHORT, CAP))
        .isInstanceOf(UpstreamTimeoutException.class);
    assertThat(millisSince(start)).isBetween(280L, 2000L);
  }

  @Test
  void aServerThatReadsNothingCannotBlockTheWritePastTheDeadline() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    servers.add(done::countDown);
    RawServer server = new RawServer((connection, index) -> done.await(5, TimeUnit.SECONDS));
    String body = "{\"blob\":\"" + "x".repeat(32 * 1024 * 1024) + "\"}";
    long start = System.nanoTime();

    assertThatThrownBy(() -> client.send(request("POST", "http", server.port(), "/", body),
        target(server.port()), null, SHORT, CAP))
        .isInstanceOf(UpstreamTimeoutException.class);
    assertThat(millisSince(start)).isBetween(280L, 2000L);
  }

  @Test
  void aServerThatClosesMidBodyIsAnIOException() throws Exception {
    RawServer server = new RawServer((connection, index) -> {
      readHead(connection.getInputStream());
      send(connection, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b");
    });

    assertThatThrownBy(() -> client.send(get(server.port(), "/?token=canary"),
        target(server.port()), null, TIMEOUT, CAP))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(UpstreamTimeoutException.class)
        .hasMessageContaining("before the response was complete")
        .hasMessageNotContaining("canary");
  }

  // ---- the pool ----

  @Test
  void sequentialCallsReuseOneConnection() throws Exception {
    int port = http(answer(200, "{}"));

    for (int i = 0; i < 3; i++) {
      client.send(get(port, "/" + i), target(port), null, TIMEOUT, CAP);
    }
    client.send(request("POST", "http", port, "/", "{}"), target(port), null, TIMEOUT, CAP);

    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ports.add(seen.take().remotePort());
    }
    assertThat(ports).containsOnly(ports.get(0));
  }

  @Test
  void concurrentCallsEachGetTheirOwnResponse() throws Exception {
    int port = http(exchange -> answer(200, exchange.getRequestURI().getRawPath()).handle(exchange));
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> bodies = new ArrayList<>();
      for (int i = 0; i < 80; i++) {
        String path = "/call-" + i;
        bodies.add(callers.submit(() -> new String(
            client.send(get(port, path), target(port), null, TIMEOUT, CAP).body(), UTF_8)));
      }

      for (int i = 0; i < bodies.size(); i++) {
        assertThat(bodies.get(i).get(5, TimeUnit.SECONDS)).isEqualTo("/call-" + i);
      }
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void anIdleConnectionExpiresAfterTheIdleTimeout() throws Exception {
    int port = http(answer(200, "{}"));
    try (UpstreamClient quick =
        new UpstreamClient(Duration.ofSeconds(1), Duration.ofMillis(50), 4)) {

      quick.send(get(port, "/"), target(port), null, TIMEOUT, CAP);
      Thread.sleep(150);
      quick.send(get(port, "/"), target(port), null, TIMEOUT, CAP);
    }

    assertThat(seen.take().remotePort()).isNotEqualTo(seen.take().remotePort());
  }

  @Test
  void noConnectionIsKeptWhenNoIdleConnectionIsAllowed() throws Exception {
    int port = http(answer(200, "{}"));
    try (UpstreamClient unpooled = new UpstreamClient(Duration.ofSeconds(1), Duration.ofMinutes(1),
        0)) {

      unpooled.send(get(port, "/"), target(port), null, TIMEOUT, CAP);
      unpooled.send(get(port, "/"), target(port), null, TIMEOUT, CAP);
    }

    assertThat(seen.take().remotePort()).isNotEqualTo(seen.take().remotePort());
  }

  /** The first connection answers once, then the server drops it, as at its idle timeout. */
  private RawServer droppingAfterOneAnswer() throws IOException {
    return new RawServer((connection, index) -> {
      readHead(connection.getInputStream());
      send(connection, "HTTP/1.1 200 OK\r\nContent-Length: " + (index == 0 ? 5 : 6) + "\r\n\r\n"
          + (index == 0 ? "first" : "second"));
    });
  }

  @Test
  void aStalePooledConnectionIsRetriedOnceForAnIdempotentMethod() throws Exception {
    RawServer server = droppingAfterOneAnswer();
    client.send(get(server.port(), "/"), target(server.port()), null, TIMEOUT, CAP);

    UpstreamResponse retried = client.send(get(server.port(), "/"), target(server.port()), null,
        TIMEOUT, CAP);

    assertThat(new String(retried.body(), UTF_8)).isEqualTo("second");
    assertThat(server.accepted).hasValue(2);
  }

  @Test
  void aStalePooledConnectionIsNotRetriedForAPost() throws Exception {
    RawServer server = droppingAfterOneAnswer();
    client.send(get(server.port(), "/"), target(server.port()), null, TIMEOUT, CAP);

    assertThatThrownBy(() -> client.send(request("POST", "http", server.port(), "/", "{}"),
        target(server.port()), null, TIMEOUT, CAP))
        .isInstanceOf(IOException.class);
    assertThat(server.accepted).hasValue(1);
  }

  @Test
  void closingTheClientClosesItsIdleConnections() throws Exception {
    CountDownLatch hungUp = new CountDownLatch(1);
    RawServer server = new RawServer((connection, index) -> {
      readHead(connection.getInputStream());
      send(connection, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
      if (connection.getInputStream().read() < 0) {
        hungUp.countDown();
      }
    });
    client.send(get(server.port(), "/"), target(server.port()), null, TIMEOUT, CAP);

    client.close();

    assertThat(hungUp.await(2, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> client.send(get(server.port(), "/"), target(server.port()), null,
        TIMEOUT, CAP))
        .isInstanceOf(IllegalStateException.class);
  }

  // ---- TLS ----

  @Test
  void httpsChecksTheCertificateAgainstTheCheckedNameAndSendsItAsSni() throws Exception {
    int port = https(false);

    UpstreamResponse response = client.send(request("GET", "https", port, "/v1/me", null),
        target("https", HOST, port, loopback()), trustingServer(), TIMEOUT, CAP);

    assertThat(response.status()).isEqualTo(200);
    Seen request = seen.take();
    assertThat(request.headers().getFirst("Host")).isEqualTo(HOST + ":" + port);
    assertThat(request.serverNames()).containsExactly(new SNIHostName(HOST));
  }

  @Test
  void httpsRefusesACertificateForAnotherName() throws Exception {
    int port = https(false);

    assertThatThrownBy(() -> client.send(request("GET", "https", port, "/v1/me", null),
        target("https", "other.example.test", port, loopback()), trustingServer(), TIMEOUT, CAP))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(UpstreamTimeoutException.class);
    assertThat(seen).isEmpty();
  }

  @Test
  void aBindingsClientCertificateIsPresentedForMutualTls() throws Exception {
    int port = https(true);
    CredentialBinding binding = new CredentialBinding("partner-mtls", AuthKind.MUTUAL_TLS,
        "memory:mtls", Map.of(),
        Map.of("caCertificate", pem(serverKeys.getCertificate("server"))));
    Secret identity = Secret.ofParts(Map.of(
        "pkcs12", Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("client.p12"))),
        "password", PASSWORD));

    UpstreamResponse response = client.send(request("GET", "https", port, "/v1/me", null),
        target("https", HOST, port, loopback()), MutualTls.context(binding, identity), TIMEOUT,
        CAP);

    assertThat(response.status()).isEqualTo(200);
    assertThat(seen.take().principal()).isEqualTo("CN=mcpgate-client");
  }

  @Test
  void withoutTheClientCertificateTheMutualTlsServerRefuses() throws Exception {
    int port = https(true);
    SSLContext withoutIdentity = trustingServer();

    assertThatThrownBy(() -> client.send(request("GET", "https", port, "/v1/me", null),
        target("https", HOST, port, loopback()), withoutIdentity, TIMEOUT, CAP))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(UpstreamTimeoutException.class);
  }
}
