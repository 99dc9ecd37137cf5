package dev.mcpgate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A large body goes out with {@code Expect: 100-continue}, as curl sends it, so a server that
 * refuses by the declared length is heard instead of breaking the pipe under the client.
 */
class McpTestClientExpectContinueTest {

  private static final int ONE_MIB = 1024 * 1024;
  private static final String REFUSAL =
      "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"too large\"}}";

  private final LoopbackServer server = new LoopbackServer();

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  private McpTestClient client() {
    return McpTestClient.builder(server.uri()).timeout(Duration.ofSeconds(5)).build();
  }

  private static byte[] body(int size) {
    byte[] body = new byte[size];
    Arrays.fill(body, (byte) ' ');
    body[0] = '{';
    body[size - 1] = '}';
    return body;
  }

  @Test
  void aFinalAnswerInsteadOf100IsReturnedAndTheBodyIsNeverSent() throws Exception {
    Future<List<Seen>> seen = server.serve(1, (head, in, out) -> {
      refuse(out);
      // Half-close, then count whatever still arrives until the client hangs up.
      out.flush();
      head.socket().shutdownOutput();
      return in.transferTo(OutputStream.nullOutputStream());
    });

    McpExchange exchange = client().post(body(10 * ONE_MIB), Map.of());

    assertThat(exchange.status()).isEqualTo(413);
    assertThat(exchange.body()).isEqualTo(REFUSAL);
    assertThat(exchange.response().path("error").path("code").asInt()).isEqualTo(-32600);
    assertThat(exchange.header("Connection")).contains("close");
    Seen request = seen.get(10, TimeUnit.SECONDS).get(0);
    assertThat(request.headers()).containsEntry("expect", "100-continue")
        .containsEntry("content-length", String.valueOf(10 * ONE_MIB));
    assertThat(request.bodyBytes()).isZero();
  }

  @Test
  void aServerThatRefusesAndClosesAtOnceIsHeardFiftyTimesInARow() throws Exception {
    int times = 50;
    Future<List<Seen>> seen = server.serve(times, (head, in, out) -> {
      refuse(out);
      return 0;
    });
    byte[] body = body(5 * ONE_MIB);

    try (McpTestClient client = client()) {
      for (int i = 0; i < times; i++) {
        McpExchange exchange = client.post(body, Map.of());
        assertThat(exchange.status()).as("exchange %d", i).isEqualTo(413);
        assertThat(exchange.body()).as("exchange %d", i).isEqualTo(REFUSAL);
      }
    }
    assertThat(seen.get(10, TimeUnit.SECONDS)).hasSize(times)
        .allSatisfy(request -> assertThat(request.headers()).containsKey("expect"));
  }

  @Test
  void after100ContinueTheWholeBodyIsSentAndAChunkedAnswerIsRead() throws Exception {
    byte[] body = body(2 * ONE_MIB);
    Future<List<Seen>> seen = server.serve(1, (head, in, out) -> {
      out.write(ascii("HTTP/1.1 100 Continue\r\n\r\n"));
      out.flush();
      byte[] received = in.readNBytes(Integer.parseInt(head.headers().get("content-length")));
      String answer = Arrays.equals(received, body)
          ? "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"ok\":true}}"
          : "{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-1,\"message\":\"mangled\"}}";
      int half = answer.length() / 2;
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\nX-Trace: a\r\nx-trace: b\r\n\r\n"
          + Integer.toHexString(half) + "\r\n" + answer.substring(0, half) + "\r\n"
          + Integer.toHexString(answer.length() - half) + ";note=x\r\n"
          + answer.substring(half) + "\r\n0\r\n\r\n"));
      return received.length;
    });

    McpExchange exchange = client().post(body, Map.of());

    assertThat(exchange.status()).isEqualTo(200);
    assertThat(exchange.response().path("result").path("ok").asBoolean()).isTrue();
    assertThat(exchange.headers()).containsEntry("x-trace", List.of("a", "b"));
    assertThat(seen.get(10, TimeUnit.SECONDS).get(0).bodyBytes()).isEqualTo(body.length);
  }

  @Test
  void withNo100TheBodyIsSentAfterAShortWait() throws Exception {
    byte[] body = body(2 * ONE_MIB);
    Future<List<Seen>> seen = server.serve(1, (head, in, out) -> {
      byte[] received = in.readNBytes(Integer.parseInt(head.headers().get("content-length")));
      String events =
          "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/x\"}\n\n"
          + "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n\n";
      byte[] answer = events.getBytes(StandardCharsets.UTF_8);
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
          + "Content-Length: " + answer.length + "\r\n\r\n"));
      out.write(answer);
      return received.length;
    });

    long started = System.nanoTime();
    McpExchange exchange = client().post(body, Map.of());
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(exchange.status()).isEqualTo(200);
    assertThat(exchange.isSse()).isTrue();
    assertThat(exchange.notifications()).hasSize(1);
    assertThat(exchange.response()).isNotNull();
    assertThat(seen.get(10, TimeUnit.SECONDS).get(0).bodyBytes()).isEqualTo(body.length);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900));
  }

  @Test
  void theUsualHeadersAndOverridesGoWithALargeBody() throws Exception {
    Future<List<Seen>> seen = server.serve(1, (head, in, out) -> {
      refuse(out);
      return 0;
    });
    McpTestClient client = McpTestClient.builder(server.uri())
        .header("Authorization", "Bearer t").timeout(Duration.ofSeconds(5)).build();
    client.sessionId("s-1");

    client.post(body(ONE_MIB + 1), Map.of("Accept", "", "X-Extra", "yes"));

    Map<String, String> headers = seen.get(10, TimeUnit.SECONDS).get(0).headers();
    assertThat(headers)
        .containsEntry("authorization", "Bearer t")
        .containsEntry("mcp-session-id", "s-1")
        .containsEntry("content-type", "application/json")
        .containsEntry("x-extra", "yes")
        .containsEntry("host", "127.0.0.1:" + server.port())
        .containsEntry("connection", "close")
        .doesNotContainKey("accept");
  }

  @Test
  void aBodyOfOneMebibyteGoesThroughTheJdkClientWithoutExpect() throws Exception {
    Future<List<Seen>> seen = server.serve(1, (head, in, out) -> {
      byte[] received = in.readNBytes(Integer.parseInt(head.headers().get("content-length")));
      byte[] answer =
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}".getBytes(StandardCharsets.UTF_8);
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + answer.length + "\r\nConnection: close\r\n\r\n"));
      out.write(answer);
      return received.length;
    });

    McpExchange exchange = client().post(body(ONE_MIB), Map.of());

    assertThat(exchange.status()).isEqualTo(200);
    assertThat(exchange.response()).isNotNull();
    Seen request = seen.get(10, TimeUnit.SECONDS).get(0);
    assertThat(request.headers()).doesNotContainKey("expect");
    assertThat(request.bodyBytes()).isEqualTo(ONE_MIB);
  }

  private static void refuse(OutputStream out) throws IOException {
    byte[] answer = REFUSAL.getBytes(StandardCharsets.UTF_8);
    out.write(ascii("HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + answer.length + "\r\nConnection: close\r\n\r\n"));
    out.write(answer);
    out.flush();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** What the server saw of one request: its headers and how many body bytes it received. */
  private record Seen(Map<String, String> headers, long bodyBytes) {}

  /** The request line and headers as read, and the connection they came on. */
  private record Head(Socket socket, Map<String, String> headers) {}

  @FunctionalInterface
  private interface Handler {
    /** Answers one request whose head is read; returns the body bytes it saw. */
    long handle(Head head, InputStream in, OutputStream out) throws IOException;
  }

  /** A loopback HTTP/1.1 server that runs a handler on each of a given number of connections. */
  private static final class LoopbackServer implements AutoCloseable {
    private final ServerSocket socket;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    LoopbackServer() {
      try {
        socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    int port() {
      return socket.getLocalPort();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + port() + "/mcp");
    }

    Future<List<Seen>> serve(int connections, Handler handler) {
      return executor.submit(() -> {
        List<Seen> seen = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
          try (Socket connection = socket.accept()) {
            connection.setSoTimeout(10_000);
            InputStream in = new BufferedInputStream(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            Map<String, String> headers = head(in);
            long bodyBytes = handler.handle(new Head(connection, headers), in, out);
            out.flush();
            seen.add(new Seen(headers, bodyBytes));
          }
        }
        return seen;
      });
    }

    private static Map<String, String> head(InputStream in) throws IOException {
      Map<String, String> headers = new LinkedHashMap<>();
      line(in); // the request line
      for (String line = line(in); !line.isEmpty(); line = line(in)) {
        int colon = line.indexOf(':');
        headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).strip());
      }
      return headers;
    }

    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("closed mid-line");
        }
        if (b != '\r') {
          line.write(b);
        }
      }
      return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
      executor.shutdownNow();
      socket.close();
    }
  }
}
