package dev.mcpgate.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP/1.1 request over a plain socket that announces its body with {@code Expect:
 * 100-continue} and sends it only once the server agrees, or after a short wait without an
 * answer (RFC 9110, section 10.1.1), as curl does. A server that refuses by the headers alone
 * answers before the body is on the wire, so its answer is read instead of being lost to a
 * broken pipe. The JDK {@code HttpClient} cannot do this on Java 17: with {@code
 * expectContinue(true)} it waits forever when the server answers with a final status.
 *
 * <p>Not thread-safe; each call opens and closes its own connection.
 */
final class ExpectContinueRequest {

  /** How long to wait for {@code 100 Continue} before sending the body anyway. */
  static final Duration CONTINUE_WAIT = Duration.ofSeconds(1);

  private static final int MAX_LINE = 64 * 1024;

  private ExpectContinueRequest() {}

  /**
   * A final response as read off the wire.
   *
   * @param status the status code
   * @param headers the headers, names in lower case, values in the order received
   * @param body the body, de-chunked
   */
  record Response(int status, Map<String, List<String>> headers, byte[] body) {}

  /**
   * Sends a request with a body and reads the final response.
   *
   * @param endpoint an {@code http:} URI
   * @param method the method
   * @param headers the request's own headers; the framing ones are added here
   * @param body the body
   * @param timeout the connect timeout and the longest wait for any read
   * @return the final response
   * @throws IOException if the exchange fails before a final response is read
   */
  static Response send(
      URI endpoint, String method, Map<String, List<String>> headers, byte[] body, Duration timeout)
      throws IOException {
    String host = endpoint.getHost();
    if (host == null) {
      throw new IOException("no host in " + endpoint);
    }
    int port = endpoint.getPort() < 0 ? 80 : endpoint.getPort();
    int readTimeout = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), readTimeout);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      out.write(head(endpoint, method, headers, body.length));
      out.flush();

      Response early = awaitContinue(socket, in, method, readTimeout);
      if (early != null) {
        return early;
      }
      try {
        out.write(body);
        out.flush();
      } catch (IOException writeFailed) {
        // The server may have answered and closed while the body was still going out; its
        // answer, if it reached us, is what the caller wants, not the broken pipe.
        try {
          return readFinal(in, method);
        } catch (IOException readFailed) {
          writeFailed.addSuppressed(readFailed);
          throw writeFailed;
        }
      }
      return readFinal(in, method);
    }
  }

  private static byte[] head(
      URI endpoint, String method, Map<String, List<String>> headers, int length) {
    String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty()
        ? "/" : endpoint.getRawPath();
    String target = endpoint.getRawQuery() == null ? path : path + "?" + endpoint.getRawQuery();
    String authority = endpoint.getPort() < 0
        ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
    StringBuilder head = new StringBuilder(256)
        .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
        .append("Host: ").append(authority).append("\r\n");
    headers.forEach((name, values) -> values.forEach(
        value -> head.append(name).append(": ").append(value).append("\r\n")));
    head.append("Content-Length: ").append(length).append("\r\n")
        .append("Expect: 100-continue\r\n")
        .append("Connection: close\r\n\r\n");
    return head.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Null to send the body (a 100, or no answer in time); otherwise the final answer. */
  private static @Nullable Response awaitContinue(
      Socket socket, InputStream in, String method, int readTimeout) throws IOException {
    while (true) {
      socket.setSoTimeout((int) Math.min(readTimeout, CONTINUE_WAIT.toMillis()));
      in.mark(1);
      try {
        if (in.read() < 0) {
          throw new EOFException("the server closed the connection without an answer");
        }
      } catch (SocketTimeoutException silent) {
        socket.setSoTimeout(readTimeout);
        return null;
      }
      in.reset();
      socket.setSoTimeout(readTimeout);
      int status = status(line(in));
      Map<String, List<String>> headers = headers(in);
      if (status == 100) {
        return null;
      }
      if (status >= 200) {
        return new Response(status, headers, body(in, method, status, headers));
      }
      // Another interim answer (102, 103): keep waiting for the 100 or the final one.
    }
  }

  private static Response readFinal(InputStream in, String method) throws IOException {
    while (true) {
      int status = status(line(in));
      Map<String, List<String>> headers = headers(in);
      if (status >= 200) {
        return new Response(status, headers, body(in, method, status, headers));
      }
    }
  }

  private static int status(String line) throws IOException {
    String[] parts = line.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/") || parts[1].length() != 3) {
      throw new IOException("not an HTTP status line: " + line);
    }
    try {
      return Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("not an HTTP status line: " + line, e);
    }
  }

  private static Map<String, List<String>> headers(InputStream in) throws IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IOException("malformed header line: " + line);
      }
      String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      headers.computeIfAbsent(name, any -> new ArrayList<>()).add(value);
    }
    return headers;
  }

  private static byte[] body(
      InputStream in, String method, int status, Map<String, List<String>> headers)
      throws IOException {
    if ("HEAD".equals(method) || status == 204 || status == 304) {
      return new byte[0];
    }
    List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
    if (encoding.stream().anyMatch(value -> value.toLowerCase(Locale.ROOT).contains("chunked"))) {
      return chunked(in);
    }
    List<String> length = headers.get("content-length");
    if (length != null && !length.isEmpty()) {
      long declared;
      try {
        declared = Long.parseLong(length.get(0).strip());
      } catch (NumberFormatException e) {
        throw new IOException("bad Content-Length: " + length.get(0), e);
      }
      if (declared < 0 || declared > Integer.MAX_VALUE - 8) {
        throw new IOException("bad Content-Length: " + declared);
      }
      byte[] body = in.readNBytes((int) declared);
      if (body.length < declared) {
        throw new EOFException(
            "the body ended after " + body.length + " of " + declared + " bytes");
      }
      return body;
    }
    return in.readAllBytes();
  }

  private static byte[] chunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String line = line(in);
      int semicolon = line.indexOf(';');
      String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
      int size;
      try {
        size = Integer.parseInt(hex, 16);
      } catch (NumberFormatException e) {
        throw new IOException("bad chunk size: " + line, e);
      }
      if (size < 0) {
        throw new IOException("bad chunk size: " + line);
      }
      if (size == 0) {
        headers(in); // trailers, ignored
        return body.toByteArray();
      }
      byte[] chunk = in.readNBytes(size);
      if (chunk.length < size) {
        throw new EOFException("a chunk ended after " + chunk.length + " of " + size + " bytes");
      }
      body.write(chunk);
      if (!line(in).isEmpty()) {
        throw new IOException("no line end after a chunk");
      }
    }
  }

  /** One line without its CRLF (a bare LF is accepted too). */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the connection closed mid-line");
      }
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int end = bytes.length;
        if (end > 0 && bytes[end - 1] == '\r') {
          end--;
        }
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
      }
      if (line.size() >= MAX_LINE) {
        throw new IOException("a line longer than " + MAX_LINE + " bytes");
      }
      line.write(b);
    }
  }
}
