package dev.mcpgate.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A description that cannot be fetched from its URL fails with its cause named, never "null". */
class UrlFetchFailureTest {

  private static final ImportOptions QUICK =
      ImportOptions.builder().fetchTimeout(Duration.ofMillis(500)).build();

  @Test
  void aRefusedConnectionIsNamed() throws IOException {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + port + "/openapi.json");

    assertThatThrownBy(() -> ApiImporter.importUrl(url, QUICK))
        .isInstanceOf(ImportException.class)
        .hasMessage(url + ": cannot be fetched: connection refused by 127.0.0.1:" + port);
  }

  @Test
  void aUrlCarryingCredentialsIsRefusedBeforeAnythingIsSentAndNeverShown() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    List<String> received = new ArrayList<>();
    server.createContext("/", exchange -> {
      received.add(exchange.getRequestURI().toString());
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    });
    server.start();
    try {
      int port = server.getAddress().getPort();
      URI url = URI.create("http://ops:pa55word-canary@127.0.0.1:" + port + "/openapi.json");

      assertThatThrownBy(() -> ApiImporter.importUrl(url, QUICK))
          .isInstanceOf(ImportException.class)
          .hasMessage("http://127.0.0.1:" + port + "/openapi.json: a URL must not carry"
              + " credentials (user:password@)");
      assertThat(received).isEmpty();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aFailedFetchNeverShowsTheUrlsQuery() throws IOException {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + port + "/openapi.json?token=canary-token-1");

    assertThatThrownBy(() -> ApiImporter.importUrl(url, QUICK))
        .isInstanceOf(ImportException.class)
        .hasMessage("http://127.0.0.1:" + port + "/openapi.json?…: cannot be fetched: connection"
            + " refused by 127.0.0.1:" + port);
  }

  @Test
  void anUnknownHostIsNamed() {
    URI url = URI.create("http://no-such-host.invalid/openapi.json");

    assertThatThrownBy(() -> ApiImporter.importUrl(url, QUICK))
        .isInstanceOf(ImportException.class)
        .hasMessage(url + ": cannot be fetched: unknown host no-such-host.invalid (the name does"
            + " not resolve)");
  }

  @Test
  void aServerThatNeverAnswersTimesOutAfterTheConfiguredTimeout() throws IOException {
    List<Socket> held = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            held.add(silent.accept()); // accepted, read from never, answered never
          }
        } catch (IOException closed) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      URI url = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/openapi.json");

      assertThatThrownBy(() -> ApiImporter.importUrl(url, QUICK))
          .isInstanceOf(ImportException.class)
          .hasMessage(url + ": cannot be fetched: no answer from 127.0.0.1:"
              + silent.getLocalPort() + " within 500 ms (timed out)");
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
    }
  }

  @Test
  void httpsToAServerThatDoesNotSpeakTlsIsATlsFailure() throws IOException {
    try (ServerSocket plain = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread answerer = new Thread(() -> {
        try {
          while (true) {
            try (Socket socket = plain.accept()) {
              socket.getInputStream().read(new byte[512]); // the TLS ClientHello
              socket.getOutputStream().write(
                  "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                      .getBytes(StandardCharsets.US_ASCII));
            }
          }
        } catch (IOException closed) {
          // the test is over
        }
      });
      answerer.setDaemon(true);
      answerer.start();
      URI url = URI.create("https://127.0.0.1:" + plain.getLocalPort() + "/openapi.json");
      // The handshake counts as connecting, and a JVM's first one is slow: no tight timeout.
      ImportOptions patient = ImportOptions.builder().fetchTimeout(Duration.ofSeconds(20)).build();

      assertThatThrownBy(() -> ApiImporter.importUrl(url, patient))
          .isInstanceOf(ImportException.class)
          .hasMessageStartingWith(url + ": cannot be fetched: TLS with 127.0.0.1:"
              + plain.getLocalPort() + " failed");
    }
  }

  @Test
  void anErrorStatusIsNamed() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    });
    server.start();
    try {
      URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/gone.json");

      assertThatThrownBy(() -> ApiImporter.importUrl(url, QUICK))
          .isInstanceOf(ImportException.class)
          .hasMessage(url + ": cannot be fetched: the server answered HTTP 404");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aTimeoutOutsideItsRangeIsRefused() {
    assertThatThrownBy(() -> ImportOptions.builder().fetchTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fetchTimeout must be 1 millisecond to 10 minutes");
  }
}
